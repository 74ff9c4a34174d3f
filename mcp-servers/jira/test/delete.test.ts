import { describe, expect, it } from 'vitest';
import { textOf, useHarness, writesOf } from './support/harness.js';

describe('delete_project_issues', () => {
  // Small pages make every deletion cross page boundaries.
  const harness = useHarness({ maxPageSize: 2 });

  it('dry run (the default) lists the issues and deletes nothing', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('delete_project_issues', { projectKey: 'OPS' });

    // Assess
    expect(result.structuredContent).toEqual({
      projectKey: 'OPS',
      jql: 'project = "OPS"',
      dryRun: true,
      matched: 3,
      matchedKeys: ['OPS-1', 'OPS-2', 'OPS-3'],
      truncated: false,
      deleted: [],
      errors: [],
    });
    expect(writesOf(harness.jira)).toEqual([]);
    expect(harness.jira.state.issues.filter((issue) => issue.projectKey === 'OPS')).toHaveLength(3);
  });

  it('deletes every matching issue across pages, skipping none', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('delete_project_issues', {
      projectKey: 'OPS',
      dryRun: false,
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      matched: 3,
      deleted: ['OPS-1', 'OPS-2', 'OPS-3'],
      errors: [],
    });
    expect(harness.jira.state.issues.map((issue) => issue.projectKey)).toEqual(['WEB']);
  });

  it('narrows by issue type and extra JQL, and stops at maxIssues', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const byType = await connected.call('delete_project_issues', {
      projectKey: 'OPS',
      issueType: 'Task',
      jql: 'labels in (tls)',
      dryRun: false,
    });
    const capped = await connected.call('delete_project_issues', {
      projectKey: 'OPS',
      maxIssues: 1,
    });

    // Assess
    expect(byType.structuredContent).toMatchObject({
      jql: 'project = "OPS" AND issuetype = "Task" AND (labels in (tls))',
      deleted: ['OPS-2'],
    });
    expect(capped.structuredContent).toMatchObject({ matchedKeys: ['OPS-1'], truncated: true });
  });
  it('never deletes outside the project, even when extra JQL widens the query', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('delete_project_issues', {
      projectKey: 'OPS',
      jql: 'labels in (tls)) OR (project = WEB',
      dryRun: false,
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      matchedKeys: ['OPS-2'],
      deleted: ['OPS-2'],
      errors: [{ key: 'WEB-1', message: 'not in project OPS; left alone' }],
    });
    expect(harness.jira.state.issues.map((issue) => issue.key)).toEqual([
      'OPS-1',
      'OPS-3',
      'WEB-1',
    ]);
  });
});

describe('delete_project', () => {
  const harness = useHarness({ maxPageSize: 2 });

  it('dry run (the default) checks and counts, deleting nothing', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('delete_project', { projectKey: 'OPS' });

    // Assess
    expect(result.structuredContent).toEqual({
      projectKey: 'OPS',
      projectName: 'Operations',
      projectDeleted: false,
      issueCount: 3,
      issuesDeleted: 0,
      dryRun: true,
      forceDelete: false,
    });
    expect(writesOf(harness.jira)).toEqual([]);
    expect(harness.jira.state.projects.map((project) => project.key)).toEqual(['OPS', 'WEB']);
  });

  it('deletes the issues, then the project', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('delete_project', { projectKey: 'ops', dryRun: false });

    // Assess
    expect(result.structuredContent).toMatchObject({
      projectKey: 'OPS',
      projectDeleted: true,
      issueCount: 3,
      issuesDeleted: 3,
    });
    expect(harness.jira.state.projects.map((project) => project.key)).toEqual(['WEB']);
    expect(writesOf(harness.jira).map((request) => request.path)).toEqual([
      '/rest/api/3/issue/OPS-1',
      '/rest/api/3/issue/OPS-2',
      '/rest/api/3/issue/OPS-3',
      '/rest/api/3/project/OPS',
    ]);
  });

  it('keeps the project when an issue could not be deleted, unless forced', async () => {
    // Prepare
    const connected = await harness.connect();
    harness.jira.failRoute('DELETE', '/rest/api/3/issue/OPS-1', { status: 403 }, 2);

    // Act
    const blocked = await connected.call('delete_project', { projectKey: 'OPS', dryRun: false });
    const kept = harness.jira.state.projects.map((project) => project.key);
    const forced = await connected.call('delete_project', {
      projectKey: 'OPS',
      dryRun: false,
      forceDelete: true,
    });

    // Assess
    expect(textOf(blocked)).toBe(
      'Failed to delete project issues: 1 of 3 could not be deleted (OPS-1: Jira refused the credentials (HTTP 403): You do not have permission to perform this operation.). Use forceDelete=true to override.',
    );
    expect(kept).toEqual(['OPS', 'WEB']);
    expect(forced.structuredContent).toMatchObject({
      projectDeleted: true,
      issueCount: 1,
      issuesDeleted: 0,
    });
    expect(harness.jira.state.projects.map((project) => project.key)).toEqual(['WEB']);
  });

  it('says when the project does not exist', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('delete_project', { projectKey: 'NOPE', dryRun: false });

    // Assess
    expect(textOf(result)).toBe(
      "Failed to verify project existence: Jira rejected the request (HTTP 404): No project could be found with key 'NOPE'.",
    );
  });
});
