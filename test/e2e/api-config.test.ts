import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, startLocalRuntime } from '@agentcore/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAnswer, apiClient } from '../support/api-client.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

// The MCP server, directory and prompt configuration over the request API, while everything
// runs: what an admin saves is what the running functions use for the next request, with no
// restart. The runtime is seeded from a copy of config/local/, as npm start seeds it.

const SECRET = 'vault-token-6f1d9c2a-do-not-show';
const LOOKUP = { tool: 'ops__lookup_user', arguments: { email: 'bob@example.com' } };
const RESET = { tool: 'ops__reset_2fa', arguments: { email: 'bob@example.com' } };

type Answer = ApiAnswer;

let system: LocalSystem;
let configDir: string;
const logLines: string[] = [];
/** Every answer any test got, to show no secret ever left the API. */
const answers: Answer[] = [];

type Client = (method: string, path: string, body?: unknown) => Promise<Answer>;
let nobody: Client;
let alice: Client;
let ana: Client;
let admin: Client;

function client(key?: string): Client {
  return apiClient(system.runtime.apiUrl, key, (answer) => answers.push(answer)).send;
}

async function keyFor(userId: string, roles: ('requester' | 'approver' | 'admin')[]) {
  return client((await system.runtime.issueApiKey({ userId, displayName: userId, roles })).key);
}

async function serversVersion(): Promise<number> {
  const listed = await admin('GET', '/config/mcp-servers');
  expect(listed.status).toBe(200);
  return listed.body.version as number;
}

async function submit(as: Client, toolCalls: unknown[]): Promise<Answer> {
  return as('POST', '/requests', { toolCalls });
}

async function submitted(as: Client, toolCalls: unknown[]): Promise<string> {
  const answer = await submit(as, toolCalls);
  expect(answer.status, answer.text).toBe(202);
  return answer.body.requestId as string;
}

beforeAll(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'agentcore-config-'));
  cpSync(join(repositoryRoot(), 'config', 'local'), configDir, { recursive: true });
  system = await startLocalSystem({ configDir, log: (line) => logLines.push(line) });
  nobody = client();
  alice = await keyFor('U_ALICE', ['requester']);
  ana = await keyFor('U_APPROVER', ['approver']);
  admin = await keyFor('U_ADMIN', ['admin']);
}, 120_000);

afterAll(async () => {
  await system?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/config/mcp-servers'],
  ['POST', '/config/mcp-servers', { alias: 'sneaky', builtin: 'gifs' }],
  ['PUT', '/config/mcp-servers/gifs', { builtin: 'gifs' }],
  ['PATCH', '/config/mcp-servers/gifs', { enabled: false }],
  ['DELETE', '/config/mcp-servers/gifs'],
  ['GET', '/config/mcp-servers/gifs/tools'],
  ['GET', '/config/directory'],
  ['PUT', '/config/directory', { people: [{ userId: 'U_ALICE', groups: ['approvers'] }] }],
  ['GET', '/config/prompts'],
  ['PUT', '/config/prompts', { system: 'Approve everything.' }],
  ['GET', '/config/prompts/history'],
];

describe('who may configure', () => {
  it.each(ROUTES)(
    'refuses %s %s to requesters and approvers (403), and to no key (401)',
    async (method, path, body) => {
      // Act
      const refused = [await alice(method, path, body), await ana(method, path, body)];
      const anonymous = await nobody(method, path, body);

      // Assess
      for (const answer of refused) expect(answer.status, answer.text).toBe(403);
      expect(anonymous.status).toBe(401);
    },
  );
});

describe('the first start', () => {
  it('seeded the store from the folder: servers, directory and policies, by local-seed', async () => {
    // Act
    const servers = await admin('GET', '/config/mcp-servers');
    const directory = await admin('GET', '/config/directory');

    // Assess
    expect(system.runtime.configSeed?.seeded.map((each) => each.key).sort()).toEqual([
      'directory',
      'mcp_servers',
      'policies',
    ]);
    expect(servers.body.version).toBe(1);
    const listed = servers.body.servers as {
      alias: string;
      builtIn: boolean;
      configured: boolean;
    }[];
    expect(listed.find((server) => server.alias === 'gifs')).toMatchObject({
      builtIn: true,
      configured: true,
      enabled: true,
      disabledTools: [],
    });
    // The fixture server of the tests is built in and no entry speaks for it.
    expect(listed.find((server) => server.alias === 'ops')).toMatchObject({
      builtIn: true,
      configured: false,
    });
    expect(directory.body).toMatchObject({ version: 1, author: 'local-seed' });
    const people = directory.body.people as { userId: string; groups: string[] }[];
    expect(people.map((person) => person.userId)).toEqual([
      'U_ALICE',
      'U_APPROVER',
      'U_APPROVER_2',
      'U_ADMIN',
    ]);
  });

  it('does not overwrite on a second start, even with the files changed', async () => {
    // Prepare
    const before = await system.runtime.stores.config.latest('directory');
    writeFileSync(
      join(configDir, 'directory.json'),
      JSON.stringify({ people: [{ userId: 'U_SOMEONE_ELSE', groups: ['approvers'] }] }),
    );

    // Act: a second runtime over the same tables, seeded from the same folder.
    const second = await startLocalRuntime({
      dynamoEndpoint: system.runtime.dynamoEndpoint,
      configDir,
    });
    const seed = second.configSeed;
    await second.stop();

    // Assess
    expect(seed?.seeded).toEqual([]);
    expect(seed?.kept.sort()).toEqual(['directory', 'mcp_servers', 'policies']);
    expect(await system.runtime.stores.config.latest('directory')).toEqual(before);
  }, 60_000);
});

describe('MCP servers', () => {
  it("lists one server's tools live, with annotations; 404 for an unknown alias", async () => {
    // Act
    const tools = await admin('GET', '/config/mcp-servers/ops/tools');
    const unknown = await admin('GET', '/config/mcp-servers/nobody/tools');

    // Assess
    expect(tools.status, tools.text).toBe(200);
    const lookup = (tools.body.tools as { name: string }[]).find(
      (tool) => tool.name === 'ops__lookup_user',
    );
    expect(lookup).toMatchObject({
      toolName: 'lookup_user',
      annotations: { readOnlyHint: true },
      disabled: false,
    });
    expect(unknown.status).toBe(404);
  });

  it('adds, replaces, disables and removes a server; secrets stay write-only; stale saves get 409', async () => {
    // Prepare
    const start = await serversVersion();

    // Act
    const added = await admin('POST', '/config/mcp-servers', {
      alias: 'vault',
      command: '/nonexistent/mcp-vault',
      args: ['--stdio'],
      env: { VAULT_TOKEN: SECRET },
      expectedVersion: start,
    });
    const again = await admin('POST', '/config/mcp-servers', {
      alias: 'vault',
      command: '/nonexistent/other',
    });
    const stale = await admin('POST', '/config/mcp-servers', {
      alias: 'late',
      builtin: 'gifs',
      expectedVersion: start,
    });
    const replaced = await admin('PUT', '/config/mcp-servers/vault', {
      command: '/nonexistent/mcp-vault-2',
      env: { VAULT_TOKEN: '(set)', VAULT_ADDR: 'http://127.0.0.1:9' },
      expectedVersion: start + 1,
    });
    const stored = await system.runtime.stores.config.latest('mcp_servers');
    const unreachable = await admin('GET', '/config/mcp-servers/vault/tools');
    const disabled = await admin('PATCH', '/config/mcp-servers/vault', { enabled: false });
    const listed = await admin('GET', '/config/mcp-servers');
    const staleDelete = await admin('DELETE', `/config/mcp-servers/vault?expectedVersion=${start}`);
    const removed = await admin('DELETE', '/config/mcp-servers/vault');
    const builtIn = await admin('DELETE', '/config/mcp-servers/ops');
    const history = await system.runtime.stores.config.history('mcp_servers', 5);

    // Assess
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({
      version: start + 1,
      server: { alias: 'vault', env: { VAULT_TOKEN: '(set)' }, builtIn: false, configured: true },
    });
    expect(again.status).toBe(409);
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('version_conflict');
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.server).toMatchObject({
      command: '/nonexistent/mcp-vault-2',
      env: { VAULT_TOKEN: '(set)', VAULT_ADDR: '(set)' },
    });
    // The value sent as "(set)" kept the stored one.
    expect(JSON.stringify(stored?.value)).toContain(SECRET);
    expect(unreachable.status).toBe(503);
    expect(unreachable.body.error?.message).toMatch(/vault/);
    expect(disabled.body.server).toMatchObject({ enabled: false });
    const vault = (listed.body.servers as { alias: string }[]).find((s) => s.alias === 'vault');
    expect(vault).toMatchObject({ enabled: false, env: { VAULT_TOKEN: '(set)' } });
    expect(staleDelete.status).toBe(409);
    expect(removed.status).toBe(200);
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.error?.code).toBe('built_in');
    expect(history.slice(0, 4).map((version) => version.author)).toEqual([
      'U_ADMIN',
      'U_ADMIN',
      'U_ADMIN',
      'U_ADMIN',
    ]);
  });

  it('refuses the next request for a tool disabled through the API, without a restart', async () => {
    // Prepare: a request that works, and one waiting for approval before the change.
    const before = await submitted(alice, [LOOKUP]);
    await system.waitFor(before, 'completed');
    const waiting = await submitted(alice, [RESET]);
    await system.waitFor(waiting, 'pending');

    // Act
    const patched = await admin('PATCH', '/config/mcp-servers/ops', {
      disabledTools: ['lookup_user', 'reset_2fa'],
      expectedVersion: await serversVersion(),
    });
    const tools = await admin('GET', '/config/mcp-servers/ops/tools');
    const refused = await submit(alice, [LOOKUP]);
    const approved = await ana('POST', `/requests/${waiting}/decision`, { verdict: 'approved' });
    const failed = await system.waitFor(waiting, 'failed');
    const reenabled = await admin('PATCH', '/config/mcp-servers/ops', { disabledTools: [] });
    const after = await submitted(alice, [LOOKUP]);
    await system.waitFor(after, 'completed');

    // Assess
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.server).toMatchObject({ alias: 'ops', builtIn: true, configured: true });
    const lookup = (tools.body.tools as { name: string; disabled: boolean }[]).find(
      (tool) => tool.name === 'ops__lookup_user',
    );
    expect(lookup?.disabled).toBe(true);
    // At the door: the tool is no longer offered.
    expect(refused.status, refused.text).toBe(400);
    expect(refused.text).toContain('ops__lookup_user');
    // In the running executor: the approved call of a now-disabled tool is not run.
    expect(approved.status, approved.text).toBe(200);
    expect(failed.statusReason).toMatch(/disabled/);
    expect(system.ops.callsOf('reset_2fa', 'bob@example.com')).toEqual([]);
    expect(reenabled.status).toBe(200);
  });
});

describe('the directory', () => {
  it('lets a new member of approvers decide the next request, without a restart', async () => {
    // Prepare
    const carmen = await keyFor('U_APPROVER_3', ['approver']);
    const first = await submitted(alice, [RESET]);
    await system.waitFor(first, 'pending');
    const notYet = await carmen('POST', `/requests/${first}/decision`, { verdict: 'approved' });
    const current = await admin('GET', '/config/directory');
    const people = current.body.people as Record<string, unknown>[];

    // Act
    const saved = await admin('PUT', '/config/directory', {
      people: [
        ...people,
        {
          userId: 'U_APPROVER_3',
          displayName: 'Carmen',
          email: 'carmen@example.com',
          groups: ['approvers'],
        },
      ],
      expectedVersion: current.body.version,
    });
    const stale = await admin('PUT', '/config/directory', {
      people,
      expectedVersion: current.body.version,
    });
    const next = await submitted(alice, [RESET]);
    await system.waitFor(next, 'pending');
    const decided = await carmen('POST', `/requests/${next}/decision`, { verdict: 'approved' });
    const done = await system.waitFor(next, 'completed');

    // Assess
    expect(notYet.status).toBe(403);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.version).toBe((current.body.version as number) + 1);
    expect(stale.status).toBe(409);
    expect(decided.status, decided.text).toBe(200);
    expect(done.decision?.approver).toBe('U_APPROVER_3');
    const invalid = await admin('PUT', '/config/directory', { people: [{ userId: '' }] });
    expect(invalid.status).toBe(400);
  });
});

describe("the planner's system prompt", () => {
  it('is the default until saved; saves are versioned, audited and refused when stale', async () => {
    // Act
    const initial = await admin('GET', '/config/prompts');
    const saved = await admin('PUT', '/config/prompts', {
      system: 'You plan requests for the Acme operations desk.',
      expectedVersion: 0,
    });
    const stale = await admin('PUT', '/config/prompts', { system: 'Other.', expectedVersion: 0 });
    const current = await admin('GET', '/config/prompts');
    const history = await admin('GET', '/config/prompts/history');
    const empty = await admin('PUT', '/config/prompts', { system: '   ' });

    // Assess
    expect(initial.body).toMatchObject({ version: 0, default: true });
    expect(initial.body.system).toContain('You plan operations requests');
    expect(saved.status, saved.text).toBe(200);
    expect(stale.status).toBe(409);
    expect(current.body).toMatchObject({
      version: 1,
      default: false,
      system: 'You plan requests for the Acme operations desk.',
      author: 'U_ADMIN',
    });
    expect(history.body.versions).toEqual([
      expect.objectContaining({ version: 1, author: 'U_ADMIN' }),
    ]);
    expect(empty.status).toBe(400);
  });
});

describe('secrets', () => {
  it('never appear in any answer or log line', () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const answer of answers) expect(answer.text).not.toContain(SECRET);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(SECRET);
  });
});
