import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import {
  SANDBOX_ADMIN,
  SandboxStateError,
  startAll,
  startGoogleWorkspaceStandIn,
  startJiraStandIn,
} from '@agentcore/stand-ins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];
const SERVICE_ACCOUNT = 'sandbox-test@sandbox.iam.gserviceaccount.com';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_JSON = JSON.stringify({
  type: 'service_account',
  client_email: SERVICE_ACCOUNT,
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentcore-sandbox-'));
  dirs.push(dir);
  return dir;
}

/** A built-in server of the registry, pointed at `rootUrl`, behind a real MCP client. */
async function connect(name: string, rootUrl: string, tokenUrl: string) {
  const factory = builtinServers({
    GOOGLE_ADMIN_SUBJECT: SANDBOX_ADMIN,
    GOOGLE_SERVICE_ACCOUNT_KEY: KEY_JSON,
    GOOGLE_ADMIN_ROOT_URL: rootUrl,
    GOOGLE_CALENDAR_ROOT_URL: rootUrl,
    GOOGLE_TOKEN_URL: tokenUrl,
  })[name];
  if (!factory) throw new Error(`the registry offers no ${name}`);
  const server = await factory();
  const client = new Client({ name: 'sandbox-test', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return client;
}

const asAlice = { 'agentcore/requester': { userId: 'U_ALICE', email: 'alice@example.com' } };

describe('the Google sandbox kept in a file', () => {
  it("keeps Bob's 2SV reset and a booked meeting across a restart", async () => {
    // Prepare
    const statePath = join(freshDir(), 'google.json');
    const first = await startGoogleWorkspaceStandIn({ statePath });
    first.addServiceAccount(SERVICE_ACCOUNT, publicKey);
    const admin = await connect('google_admin', first.rootUrl, first.tokenUrl);
    const calendar = await connect('google_calendar', first.rootUrl, first.tokenUrl);

    // Act
    const reset = await admin.callTool({
      name: 'reset_2fa',
      arguments: { email: 'bob@example.com' },
    });
    const booked = await calendar.callTool({
      name: 'create_event',
      arguments: {
        summary: 'Kept meeting',
        start: '2026-12-03T10:00:00Z',
        end: '2026-12-03T10:30:00Z',
        attendees: [{ email: 'bob@example.com' }],
      },
      _meta: asAlice,
    });
    await admin.close();
    await calendar.close();
    await first.close();
    const second = await startGoogleWorkspaceStandIn({ statePath });

    // Assess
    expect(reset.isError).toBeFalsy();
    expect(booked.isError).toBeFalsy();
    expect(second.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
    expect(second.calendar.events.map((event) => event.summary)).toContain('Kept meeting');
    expect(readdirSync(join(statePath, '..'))).toEqual(['google.json']);
    await second.close();
  });

  it('refuses to start from a file it cannot read, says how to reseed, and leaves the file', async () => {
    // Prepare
    const statePath = join(freshDir(), 'google.json');
    writeFileSync(statePath, '{"version":1,"users":[');

    // Act
    const started = startGoogleWorkspaceStandIn({ statePath });

    // Assess
    await expect(started).rejects.toThrow(SandboxStateError);
    await expect(started).rejects.toThrow(
      `The sandbox state in ${statePath} cannot be read (it is not JSON); start with AGENTCORE_RESEED=sandbox`,
    );
    expect(readFileSync(statePath, 'utf8')).toBe('{"version":1,"users":[');
  });

  it('refuses a file of the wrong shape, naming the field', async () => {
    // Prepare
    const statePath = join(freshDir(), 'google.json');
    writeFileSync(statePath, JSON.stringify({ version: 1, users: [{ id: 7 }], passwords: [] }));

    // Act
    const started = startGoogleWorkspaceStandIn({ statePath });

    // Assess
    await expect(started).rejects.toThrow(/cannot be read \(users\.0\.id: /);
  });
});

describe('the Jira sandbox kept in a file', () => {
  it('keeps a created project, and numbers the next one after it', async () => {
    // Prepare
    const statePath = join(freshDir(), 'jira.json');
    const first = await startJiraStandIn({ statePath });
    const auth = `Basic ${Buffer.from(`${first.email}:${first.apiToken}`).toString('base64')}`;
    const create = (url: string, key: string) =>
      fetch(`${url}/rest/api/3/project`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          key,
          name: `Project ${key}`,
          projectTypeKey: 'software',
          leadAccountId: first.state.users[1]?.accountId,
        }),
      }).then(async (response) => (await response.json()) as { id: number });

    // Act
    const made = await create(first.url, 'KEPT');
    await first.close();
    const second = await startJiraStandIn({ statePath });
    const next = await create(second.url, 'NEXT');

    // Assess
    expect(second.state.projects.map((project) => project.key)).toEqual([
      'OPS',
      'WEB',
      'KEPT',
      'NEXT',
    ]);
    expect(next.id).toBe(made.id + 1);
    await second.close();
  });
});

describe('startAll with a sandbox folder', () => {
  it('keeps both sandboxes there, and starts them again from the seed when asked', async () => {
    // Prepare
    const sandboxDir = freshDir();
    const first = await startAll({ sandboxDir });
    first.google.addServiceAccount(SERVICE_ACCOUNT, publicKey);
    const admin = await connect('google_admin', first.google.rootUrl, first.google.tokenUrl);
    await admin.callTool({ name: 'suspend_user', arguments: { user_key: 'bob@example.com' } });
    await admin.close();
    await first.close();

    // Act
    const kept = await startAll({ sandboxDir });
    const keptBob = kept.google.user('bob@example.com')?.suspended;
    await kept.close();
    const reseeded = await startAll({ sandboxDir, reseedSandbox: true });

    // Assess
    expect(existsSync(join(sandboxDir, 'jira.json'))).toBe(true);
    expect(keptBob).toBe(true);
    expect(reseeded.google.user('bob@example.com')?.suspended).toBe(false);
    await reseeded.close();
  });
});
