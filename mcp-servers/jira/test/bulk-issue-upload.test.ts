import { describe, expect, it } from 'vitest';
import { textOf, useHarness, writesOf } from './support/harness.js';

const CSV = [
  'Title ,Ticket Type,Description,Acceptance Criteria,Tags,Assignee Email',
  'Set up CI,Task,"Build, test and lint",Runs on every push,"ci, infra",alice@example.com',
  'Fix login,Bug,"Line one',
  'Line two",,,',
].join('\n');

function rows(count: number, type = 'Story'): string {
  const lines = ['Summary,IssueType'];
  for (let index = 1; index <= count; index += 1) lines.push(`Item ${index},${type}`);
  return lines.join('\n');
}

describe('bulk_issue_upload', () => {
  const harness = useHarness();

  it('dry run (the default) checks the CSV and writes nothing', async () => {
    // Prepare
    const connected = await harness.connect();
    const before = harness.jira.state.issues.length;

    // Act
    const result = await connected.call('bulk_issue_upload', { projectKey: 'OPS', csv: CSV });

    // Assess
    expect(result.structuredContent).toEqual({
      projectKey: 'OPS',
      dryRun: true,
      planned: 2,
      created: 0,
      issueKeys: [],
      warnings: ['dryRun'],
      errors: [],
    });
    expect(writesOf(harness.jira)).toEqual([]);
    expect(harness.jira.state.issues).toHaveLength(before);
  });

  it("creates issues from the seed's column synonyms, with ADF descriptions and accounts", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('bulk_issue_upload', {
      projectKey: 'ops',
      csv: Buffer.from(CSV).toString('base64'),
      dryRun: false,
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      dryRun: false,
      created: 2,
      issueKeys: ['OPS-4', 'OPS-5'],
      errors: [],
    });
    const alice = harness.jira.state.users.find(
      (user) => user.emailAddress === 'alice@example.com',
    );
    const created = harness.jira.state.issues.slice(-2);
    expect(created).toMatchObject([
      {
        summary: 'Set up CI',
        issuetype: 'Task',
        labels: ['ci', 'infra'],
        assigneeAccountId: alice?.accountId,
        description: {
          type: 'doc',
          version: 1,
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Build, test and lint' }] },
            { type: 'paragraph' },
            { type: 'paragraph', content: [{ type: 'text', text: 'Runs on every push' }] },
          ],
        },
      },
      { summary: 'Fix login', issuetype: 'Bug' },
    ]);
  });

  it('sends batches of at most 50', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('bulk_issue_upload', {
      projectKey: 'WEB',
      csv: rows(120),
      dryRun: false,
    });

    // Assess
    expect(result.structuredContent).toMatchObject({ created: 120, errors: [] });
    const batches = writesOf(harness.jira).map(
      (request) => (JSON.parse(request.body) as { issueUpdates: unknown[] }).issueUpdates.length,
    );
    expect(batches).toEqual([50, 50, 20]);
  });

  it('reports the rows Jira refused and the rows it could not prepare, creating the rest', async () => {
    // Prepare
    const connected = await harness.connect();
    const csv = [
      'Summary,IssueType,Assignee',
      'Good one,Task,',
      'Odd type,Saga,',
      ',Task,',
      'Unknown person,Task,nobody@example.com',
    ].join('\n');

    // Act
    const result = await connected.call('bulk_issue_upload', {
      projectKey: 'WEB',
      csv,
      dryRun: false,
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      created: 1,
      issueKeys: ['WEB-2'],
      warnings: ['3 row(s) were not created'],
      errors: [
        { row: 2, message: 'issuetype: Specify an issue type' },
        { row: 3, message: 'Summary is empty' },
        {
          row: 4,
          message: 'Could not resolve assignee account id from email: nobody@example.com',
        },
      ],
    });
  });

  it('reports every row of a batch Jira refused as a whole, and goes on', async () => {
    // Prepare
    const connected = await harness.connect();
    harness.jira.failNext(1, { status: 503 });

    // Act
    const result = await connected.call('bulk_issue_upload', {
      projectKey: 'WEB',
      csv: rows(3),
      batchSize: 2,
      dryRun: false,
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      created: 1,
      errors: [
        { row: 1, message: 'Jira failed with HTTP 503 after 1 attempt' },
        { row: 2, message: 'Jira failed with HTTP 503 after 1 attempt' },
      ],
    });
    // A POST that failed with 5xx may have been applied, so it is not repeated.
    expect(writesOf(harness.jira)).toHaveLength(2);
  });

  it.each([
    ['Title,Description\nA,B', 'Missing required column: IssueType'],
    ['Type,Description\nTask,B', 'Missing required column: Summary'],
    ['UEsDBBQAAAAIA', 'Compressed CSV is not supported'],
  ])('refuses %j', async (csv, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('bulk_issue_upload', { projectKey: 'OPS', csv });

    // Assess
    expect(textOf(result)).toBe(message);
  });
});
