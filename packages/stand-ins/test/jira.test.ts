import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type JiraStandIn, startJiraStandIn } from '../src/index.js';

let jira: JiraStandIn;
let auth: string;

beforeAll(async () => {
  jira = await startJiraStandIn({ maxPageSize: 2 });
  auth = `Basic ${Buffer.from(`${jira.email}:${jira.apiToken}`).toString('base64')}`;
});

afterEach(() => {
  jira.reset();
});

afterAll(async () => {
  await jira.close();
});

async function call(method: string, path: string, body?: unknown, authorization = auth) {
  const response = await fetch(`${jira.url}${path}`, {
    method,
    headers: {
      authorization,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function issue(summary: string) {
  return {
    fields: {
      project: { key: 'WEB' },
      summary,
      issuetype: { name: 'Task' },
      description: { type: 'doc', version: 1, content: [] },
    },
  };
}

describe('Jira Cloud stand-in', () => {
  it('checks Basic auth on every call', async () => {
    // Prepare
    const wrong = `Basic ${Buffer.from(`${jira.email}:nope`).toString('base64')}`;

    // Act
    const refused = await call('GET', '/rest/api/3/myself', undefined, wrong);
    const accepted = await call('GET', '/rest/api/3/myself');

    // Assess
    expect(refused).toEqual({
      status: 401,
      body: {
        errorMessages: ['Client must be authenticated to access this resource.'],
        errors: {},
      },
    });
    expect(accepted.body).toMatchObject({ emailAddress: jira.email });
  });

  it('answers 410 Gone on the removed /search', async () => {
    // Act
    const legacy = await call('GET', '/rest/api/3/search?jql=project%3DOPS');

    // Assess
    expect(legacy.status).toBe(410);
    expect(legacy.body).toMatchObject({ errorMessages: [expect.stringContaining('/search/jql')] });
  });

  it('pages /search/jql by token only, with ids only unless fields are asked for', async () => {
    // Act
    const first = await call('GET', '/rest/api/3/search/jql?jql=project%20%3D%20OPS');
    const token = (first.body as { nextPageToken: string }).nextPageToken;
    const second = await call('POST', '/rest/api/3/search/jql', {
      jql: 'project = OPS',
      nextPageToken: token,
      fields: ['summary'],
    });

    // Assess
    expect(first.body).toMatchObject({
      issues: [{ key: 'OPS-1' }, { key: 'OPS-2' }],
      isLast: false,
    });
    expect(first.body).not.toHaveProperty('total');
    expect((first.body as { issues: object[] }).issues[0]).not.toHaveProperty('fields');
    expect(second.body).toEqual({
      issues: [
        {
          id: expect.any(String),
          key: 'OPS-3',
          self: expect.any(String),
          fields: { summary: 'On-call handbook is out of date' },
        },
      ],
      isLast: true,
    });
  });

  it('creates a project with 201 and refuses a bad key with field errors', async () => {
    // Prepare
    const lead = jira.state.users[1]?.accountId;
    const project = { name: 'Payroll', projectTypeKey: 'software', leadAccountId: lead };

    // Act
    const created = await call('POST', '/rest/api/3/project', { ...project, key: 'PAY' });
    const refused = await call('POST', '/rest/api/3/project', { ...project, key: 'pay' });

    // Assess
    expect(created).toEqual({
      status: 201,
      body: {
        self: expect.stringContaining('/rest/api/3/project/'),
        id: expect.any(Number),
        key: 'PAY',
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      errorMessages: [],
      errors: { projectKey: expect.any(String) },
    });
  });

  it('bulk-creates with partial failure, and refuses more than 50 issues with 400', async () => {
    // Act
    const mixed = await call('POST', '/rest/api/3/issue/bulk', {
      issueUpdates: [issue('One'), { fields: { ...issue('Two').fields, description: 'plain' } }],
    });
    const tooMany = await call('POST', '/rest/api/3/issue/bulk', {
      issueUpdates: Array.from({ length: 51 }, (_, index) => issue(`Issue ${index}`)),
    });

    // Assess
    expect(mixed).toEqual({
      status: 201,
      body: {
        issues: [{ id: expect.any(String), key: 'WEB-2', self: expect.any(String) }],
        errors: [
          {
            status: 400,
            elementErrors: { errorMessages: [], errors: { description: expect.any(String) } },
            failedElementNumber: 1,
          },
        ],
      },
    });
    expect(tooMany.status).toBe(400);
    expect(jira.state.issues.filter((entry) => entry.projectKey === 'WEB')).toHaveLength(2);
  });

  it('restores the seeded site on reset', async () => {
    // Prepare
    await call('DELETE', '/rest/api/3/project/OPS');

    // Act
    jira.reset();

    // Assess
    expect(jira.state.projects.map((project) => project.key)).toEqual(['OPS', 'WEB']);
    expect(jira.state.issues).toHaveLength(4);
    expect(jira.requests).toEqual([]);
  });
});
