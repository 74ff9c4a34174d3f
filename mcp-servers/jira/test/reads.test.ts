import { describe, expect, it } from 'vitest';
import { textOf, useHarness } from './support/harness.js';

describe('list_issues', () => {
  const harness = useHarness();

  it('lists a project with the default fields, flattened', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_issues', { projectKey: 'OPS' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      jql: 'project = "OPS"',
      count: 3,
      isLast: true,
      issues: [
        {
          key: 'OPS-1',
          summary: 'Rotate the staging database password',
          status: 'To Do',
          issuetype: 'Task',
          priority: 'High',
          assignee: 'alice@example.com',
          reporter: 'bob@example.com',
        },
        { key: 'OPS-2', status: 'In Progress', assignee: 'bob@example.com' },
        { key: 'OPS-3', issuetype: 'Bug', assignee: null },
      ],
    });
    expect(harness.jira.requests[0]?.query).toMatchObject({
      jql: 'project = "OPS"',
      fields: 'summary,status,issuetype,assignee,reporter,priority,created,updated',
    });
  });

  it('pages by token until the last page, skipping nothing', async () => {
    // Prepare
    const connected = await harness.connect();
    const keys: string[] = [];
    let token: string | undefined;

    // Act
    do {
      const result = await connected.call('list_issues', {
        projectKey: 'OPS',
        maxResults: 2,
        fields: ['summary'],
        ...(token ? { nextPageToken: token } : {}),
      });
      const page = result.structuredContent as {
        issues: { key: string }[];
        nextPageToken?: string;
      };
      keys.push(...page.issues.map((issue) => issue.key));
      token = page.nextPageToken;
    } while (token);

    // Assess
    expect(keys).toEqual(['OPS-1', 'OPS-2', 'OPS-3']);
    expect(harness.jira.requests).toHaveLength(2);
  });

  it('filters by an assignee email resolved to exactly one account', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_issues', { assigneeEmail: 'alice@example.com' });

    // Assess
    expect(result.structuredContent).toMatchObject({
      count: 2,
      issues: [{ key: 'OPS-1' }, { key: 'WEB-1' }],
    });
    expect(String(result.structuredContent?.jql)).toMatch(/^assignee = "712020:/);
  });

  it('never takes the first search hit for an email that matches no account exactly', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_issues', { assigneeEmail: 'alice@example.co' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Could not resolve assignee account id from email: alice@example.co',
    );
  });

  it("passes Jira's own message on when it refuses the JQL", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_issues', {});

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Jira rejected the request (HTTP 400): Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  });

  it('combines filters with labels and the -field order shorthand', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_issues', {
      projectKey: 'OPS',
      labels: ['security', 'tls'],
      status: 'To Do',
      orderBy: '-created',
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      jql: 'project = "OPS" AND status = "To Do" AND labels in ("security", "tls") ORDER BY created DESC',
      issues: [{ key: 'OPS-1' }],
    });
  });
});

describe('lookup_project_key', () => {
  const harness = useHarness();

  it.each([
    ['operations', 'OPS'],
    ['web', 'WEB'],
    ['Payroll', undefined],
  ])('finds %s', async (name, key) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('lookup_project_key', { name });

    // Assess
    expect(result.structuredContent).toEqual(
      key
        ? { found: true, projectKey: key, projectId: expect.any(String), name: expect.any(String) }
        : { found: false, reason: 'no_match' },
    );
  });
});

describe('list_projects_for_user', () => {
  const harness = useHarness();

  it("lists the projects a person leads or holds a role in, the requester's by default", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const alice = await connected.call(
      'list_projects_for_user',
      {},
      {
        requesterEmail: 'alice@example.com',
      },
    );
    const carol = await connected.call('list_projects_for_user', { email: 'carol@example.com' });

    // Assess
    expect(alice.structuredContent).toMatchObject({
      email: 'alice@example.com',
      count: 1,
      projects: [{ key: 'OPS', lead: true, roles: ['Administrators'] }],
    });
    expect(carol.structuredContent).toMatchObject({ count: 0, projects: [] });
  });

  it('asks for an email when the request names no requester email', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_projects_for_user', {});

    // Assess
    expect(textOf(result)).toBe('Provide email (the request names no requester email)');
  });
});
