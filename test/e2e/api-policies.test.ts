import { DEFAULT_POLICY_SOURCES } from '@agentcore/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api-client.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

// The policy set edited over the request API while everything runs: what an admin saves decides
// the next request in the running functions, with no restart; a bad set changes nothing.

let system: LocalSystem;
let alice: ApiClient;
let carol: ApiClient;
let ana: ApiClient;
let admin: ApiClient;

const LOOKUP = { tool: 'ops__lookup_user', arguments: { email: 'bob@example.com' } };

const LOCKDOWN = [
  ...DEFAULT_POLICY_SOURCES,
  {
    name: 'lockdown.cedar',
    text: `@id("lockdown.lookups")
@outcome("deny")
@reason("look-ups are closed for maintenance")
forbid (principal, action == Action::"ops__lookup_user", resource);
`,
  },
];

// An attribute the context does not have, on line 4 from column 8.
const INVALID = [
  {
    name: 'broken.cedar',
    text: `@id("broken")
@outcome("deny")
forbid (principal, action == Action::"ops__lookup_user", resource)
when { context.noSuchThing > 1 };
`,
  },
];

beforeAll(async () => {
  // No policies handed in: the set comes from the config store, as under npm start.
  system = await startLocalSystem({ policies: undefined });
  const { runtime } = system;
  const client = async (userId: string, roles: ('requester' | 'approver' | 'admin')[]) =>
    apiClient(
      runtime.apiUrl,
      (await runtime.issueApiKey({ userId, displayName: userId, roles })).key,
    );
  alice = await client('U_ALICE', ['requester']);
  carol = await client('U_CAROL', ['requester']);
  ana = await client('U_APPROVER', ['approver']);
  admin = await client('U_ADMIN', ['admin']);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** Submits the look-up as alice and waits for the workflow to settle it. */
async function lookupEndsAs(status: 'completed' | 'denied'): Promise<string> {
  const answer = await alice.post('/requests', { toolCalls: [LOOKUP] });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  const requestId = answer.body.requestId as string;
  await system.waitFor(requestId, status);
  return requestId;
}

describe('the policy routes', () => {
  it('are for admins alone', async () => {
    const routes: [string, string][] = [
      ['GET', '/config/policies'],
      ['GET', '/config/policies/history'],
      ['POST', '/config/policies/validate'],
      ['POST', '/config/policies/test'],
      ['POST', '/config/policies/replay'],
      ['POST', '/config/policies'],
      ['POST', '/config/policies/rollback'],
    ];
    for (const caller of [alice, ana]) {
      for (const [method, path] of routes) {
        const answer =
          method === 'GET'
            ? await caller.get(path)
            : await caller.post(path, { sources: LOCKDOWN });
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.body.error?.code).toBe('forbidden');
      }
    }
    expect((await admin.get('/config/policies/history')).body).toEqual({ versions: [] });
  });

  it('are described in /openapi.json with the tools route', async () => {
    const answer = await apiClient(system.runtime.apiUrl).get('/openapi.json');

    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.paths as object)).toEqual(
      expect.arrayContaining([
        '/config/policies',
        '/config/policies/history',
        '/config/policies/validate',
        '/config/policies/test',
        '/config/policies/replay',
        '/config/policies/rollback',
        '/tools',
      ]),
    );
  });

  it('show the built-in set as version 0 until one is saved', async () => {
    const answer = await admin.get('/config/policies');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ version: 0, sources: DEFAULT_POLICY_SOURCES });
  });

  it('list the tools with what policy says about each, asked alone', async () => {
    const answer = await alice.get('/tools');

    expect(answer.status).toBe(200);
    const tools = answer.body.tools as { name: string; server: string; policy: unknown }[];
    expect(tools.find((tool) => tool.name === 'ops__lookup_user')).toMatchObject({
      server: 'ops',
      description: 'Look a user up',
      annotations: { readOnlyHint: true },
      policy: { outcome: 'allow', policyIds: ['default.read-only-tools'] },
    });
    expect(tools.find((tool) => tool.name === 'ops__reset_2fa')).toMatchObject({
      policy: {
        outcome: 'require_approval',
        approvers: { userIds: [], groups: ['approvers'] },
        quorum: 1,
      },
    });
    expect(answer.body.unavailable).toEqual([]);
  });

  it('validate a draft, locating each problem by line and column', async () => {
    const broken = await admin.post('/config/policies/validate', { sources: INVALID });
    const sound = await admin.post('/config/policies/validate', { sources: LOCKDOWN });

    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({
      valid: false,
      errors: [{ source: 'broken.cedar', line: 4, column: 8, kind: 'validation' }],
    });
    expect(sound.body).toEqual({ valid: true, errors: [] });
  });

  it('refuse to activate an invalid set, and keep deciding with the active one', async () => {
    const refused = await admin.post('/config/policies', { sources: INVALID });

    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'invalid_policy',
      errors: [{ source: 'broken.cedar', line: 4, column: 8 }],
      issues: [{ path: 'sources.0.text' }],
    });
    expect((await admin.get('/config/policies')).body).toMatchObject({ version: 0 });
    await lookupEndsAs('completed');
  });

  it('test a request against a draft or the active set, as a named requester', async () => {
    const draft = await admin.post('/config/policies/test', {
      sources: LOCKDOWN,
      request: { toolCalls: [LOOKUP] },
    });
    const active = await admin.post('/config/policies/test', {
      request: { toolCalls: [{ tool: 'ops__reset_2fa', arguments: LOOKUP.arguments }] },
      requester: { userId: 'U_APPROVER' },
    });

    expect(draft.status).toBe(200);
    expect(draft.body.decision).toMatchObject({
      outcome: 'deny',
      reason: expect.stringContaining('maintenance'),
      policyIds: ['lockdown.lookups'],
    });
    expect(active.body).toMatchObject({
      decision: { outcome: 'require_approval', approvers: { groups: ['approvers'] }, quorum: 1 },
      policies: { version: 0 },
    });
  });

  it('replay recent requests to show which decisions a draft would change', async () => {
    const answer = await admin.post('/config/policies/replay', { sources: LOCKDOWN, limit: 200 });

    expect(answer.status).toBe(200);
    expect(answer.body.evaluated).toBeGreaterThanOrEqual(1);
    const changed = answer.body.changed as { tools: string[]; before: unknown; after: unknown }[];
    expect(changed.length).toBeGreaterThanOrEqual(1);
    for (const change of changed) {
      expect(change.tools).toEqual(['ops__lookup_user']);
      expect(change).toMatchObject({
        summary: expect.stringContaining('ops'),
        kind: 'stricter',
        before: { outcome: 'allow' },
        after: { outcome: 'deny', policyIds: ['lockdown.lookups'] },
      });
    }
  });

  it('activate a set that decides the next request in the running functions', async () => {
    const first = await admin.post('/config/policies', {
      sources: DEFAULT_POLICY_SOURCES,
      expectedVersion: 0,
    });
    const second = await admin.post('/config/policies', { sources: LOCKDOWN, expectedVersion: 1 });
    const stale = await admin.post('/config/policies', { sources: LOCKDOWN, expectedVersion: 1 });

    expect(first.status).toBe(201);
    expect(first.body).toEqual({ version: 1 });
    expect(second.body).toEqual({ version: 2 });
    expect(stale.status).toBe(409);
    expect((await admin.get('/config/policies')).body).toMatchObject({
      version: 2,
      sources: LOCKDOWN,
      author: 'U_ADMIN',
    });
    const tools = (await alice.get('/tools')).body.tools as { name: string; policy: unknown }[];
    expect(tools.find((tool) => tool.name === 'ops__lookup_user')?.policy).toMatchObject({
      outcome: 'deny',
    });
    const denied = await lookupEndsAs('denied');
    expect((await alice.get(`/requests/${denied}`)).body.request).toMatchObject({
      status: 'denied',
    });
  });

  it('roll back to the version before, keeping every version', async () => {
    const answer = await admin.post('/config/policies/rollback', {});

    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ version: 3, restoredFrom: 1 });
    const history = await admin.get('/config/policies/history');
    expect(
      (history.body.versions as { version: number; author: string }[]).map((v) => v.version),
    ).toEqual([3, 2, 1]);
    expect((await admin.get('/config/policies')).body).toMatchObject({
      version: 3,
      sources: DEFAULT_POLICY_SOURCES,
    });
    await lookupEndsAs('completed');
    const unknown = await admin.post('/config/policies/rollback', { toVersion: 7 });
    expect(unknown.status).toBe(404);
  });
});

describe('a submission of exact calls', () => {
  it('is refused with field paths when its arguments fail the tool schema, recording nothing', async () => {
    const badArguments = await carol.post('/requests', {
      toolCalls: [LOOKUP, { tool: 'ops__reset_2fa', arguments: { email: 'not an email' } }],
    });
    const missing = await carol.post('/requests', {
      toolCalls: [{ tool: 'ops__lookup_user', arguments: {} }],
    });
    const unknownTool = await carol.post('/requests', {
      toolCalls: [{ tool: 'ops__drop_everything', arguments: {} }],
    });

    expect(badArguments.status).toBe(400);
    expect(badArguments.body.error?.issues).toEqual([
      { path: 'toolCalls.1.arguments.email', message: expect.stringContaining('email') },
    ]);
    expect(missing.body.error?.issues).toEqual([
      { path: 'toolCalls.0.arguments.email', message: 'is required' },
    ]);
    expect(unknownTool.status).toBe(400);
    expect(unknownTool.body.error?.issues).toEqual([
      { path: 'toolCalls.0.tool', message: expect.stringContaining('ops__drop_everything') },
    ]);
    const recorded = await system.runtime.stores.approvals.listByRequester('U_CAROL', {});
    expect(recorded.items).toEqual([]);
    expect((await carol.get('/requests')).body.requests).toEqual([]);
  });
});
