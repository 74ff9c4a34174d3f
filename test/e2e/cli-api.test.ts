import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_AWS } from '@agentcore/local';
import { createDocumentClient, tableNames } from '@agentcore/store';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

// hitl-mcp through the request API with keys: who you are is the key's holder, never a flag.
let system: LocalSystem;
let dir: string;
let counter = 0;

beforeAll(async () => {
  system = await startLocalSystem();
  dir = mkdtempSync(join(tmpdir(), 'cli-api-'));
}, 120_000);

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function email(): string {
  counter += 1;
  return `cli${counter}-${Date.now()}@example.com`;
}

async function submitReset(address: string, flags: string[] = []): Promise<string> {
  const submitted = await system.hitl(
    'run',
    '--tool',
    'ops__reset_2fa',
    '--args',
    JSON.stringify({ email: address }),
    '--json',
    ...flags,
  );
  expect(submitted.code, submitted.stderr).toBe(0);
  return requestIdOf(submitted.stdout);
}

describe('hitl-mcp over the request API', () => {
  it('follows a request needing approval until another identity approves it, and it completes', async () => {
    // Prepare: the requester runs and waits; the approver finds it among what waits for them.
    const address = email();
    const waiting = system.hitl(
      'run',
      '--tool',
      'ops/reset_2fa',
      '--args',
      JSON.stringify({ email: address }),
      '--wait',
      '--timeout',
      '120',
    );
    let requestId: string | undefined;
    for (let attempt = 0; attempt < 400 && !requestId; attempt++) {
      const listed = await system.hitl('approvals', 'list', '--as', 'approver', '--json');
      const requests = JSON.parse(listed.stdout).requests as {
        requestId: string;
        summary: string;
      }[];
      requestId = requests.find((request) => JSON.stringify(request).includes(address))?.requestId;
      if (!requestId) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (!requestId) throw new Error('the request never waited for approval');
    const ranBeforeApproval = system.ops.callsOf('reset_2fa', address).length;

    // Act
    const approved = await system.hitl('approve', requestId, '--as', 'approver', '--comment', 'ok');
    const finished = await waiting;
    const timeline = await system.hitl('timeline', requestId);

    // Assess
    expect(ranBeforeApproval).toBe(0);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('approved by U_APPROVER: ok');
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toContain('COMPLETED');
    expect(finished.stdout).toContain('requester U_ALICE');
    expect(timeline.stdout).toMatch(/U_APPROVER +approved 1 of 1 \(decides\): ok/);
    expect(system.ops.callsOf('reset_2fa', address)).toHaveLength(1);
  });

  it('refuses self-approval and a requester approving with exit code 3, and runs nothing', async () => {
    // Prepare: someone who may both ask and approve asks for it.
    const both = await system.keyFlags({ userId: 'U_BOTH', roles: ['requester', 'approver'] });
    const address = email();
    const requestId = await submitReset(address, both);
    await system.waitFor(requestId, 'pending');

    // Act
    const own = await system.hitl('approve', requestId, ...both);
    const byRequester = await system.hitl('approve', requestId, '--as', 'requester');
    const rejectedByRequester = await system.hitl('reject', requestId, '--as', 'requester');

    // Assess
    expect(own.code).toBe(3);
    expect(own.stderr).toContain('you cannot approve your own request');
    expect(own.stderr).toMatch(/\(request id [\w-]+\)/);
    expect(byRequester.code).toBe(3);
    expect(byRequester.stderr).toContain('this needs the approver role');
    expect(rejectedByRequester.code).toBe(3);
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('pending');
    expect((await system.runtime.stores.approvals.get(requestId))?.votes).toEqual([]);
    await system.hitl('reject', requestId, '--as', 'approver');
    expect(system.ops.callsOf('reset_2fa', address)).toEqual([]);
  });

  it('lets the requester cancel a waiting request, and nobody else', async () => {
    // Prepare
    const requestId = await submitReset(email());
    await system.waitFor(requestId, 'pending');

    // Act
    const byAdmin = await system.hitl('cancel', requestId, '--as', 'admin');
    const byRequester = await system.hitl('cancel', requestId);
    const mine = await system.hitl('approvals', 'list', '--mine', '--json');

    // Assess
    expect(byAdmin.code).toBe(3);
    expect(byAdmin.stderr).toContain('only the requester may cancel');
    expect(byRequester.code, byRequester.stderr).toBe(0);
    expect(byRequester.stdout).toContain('is cancelled');
    expect(JSON.parse(mine.stdout).requests).toContainEqual(
      expect.objectContaining({ requestId, status: 'cancelled' }),
    );
  });

  it('refuses --as against a deployed API, and a deployed API without a key', async () => {
    // Act
    const withAs = await system.hitl('tools', '--api-url', system.runtime.apiUrl, '--as', 'admin');
    const fromEnv = await system.hitlWithEnv(
      { HITL_API_URL: system.runtime.apiUrl },
      'tools',
      '--as',
      'admin',
    );
    const keyless = await system.hitl('tools', '--api-url', system.runtime.apiUrl);

    // Assess
    expect(withAs.code).toBe(2);
    expect(withAs.stderr).toContain('against a deployed API your key says who you are');
    expect(fromEnv.code).toBe(2);
    expect(keyless.code).toBe(3);
    expect(keyless.stderr).toContain('needs an API key');
  });

  it('creates a key that works until it is revoked, then is refused with exit code 3', async () => {
    // Prepare
    const created = await system.hitl(
      'keys',
      'create',
      '--as',
      'admin',
      '--user-id',
      'U_CAROL',
      '--name',
      'Carol',
      '--roles',
      'requester',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    const { key, keyId } = JSON.parse(created.stdout) as { key: string; keyId: string };
    const asCarol = ['--api-url', system.runtime.apiUrl, '--api-key', key];
    const before = await system.hitl(
      'run',
      '--tool',
      'ops__lookup_user',
      '--args',
      JSON.stringify({ email: email() }),
      '--json',
      ...asCarol,
    );

    // Act
    const listed = await system.hitl('keys', 'list', '--as', 'admin');
    const revoked = await system.hitl('keys', 'revoke', keyId, '--as', 'admin');
    const after = await system.hitl('tools', ...asCarol);
    const byRequester = await system.hitl('keys', 'list');

    // Assess
    expect(before.code, before.stderr).toBe(0);
    expect(
      (await system.runtime.stores.approvals.get(requestIdOf(before.stdout)))?.requester.userId,
    ).toBe('U_CAROL');
    expect(listed.stdout).toContain(keyId);
    expect(listed.stdout).not.toContain(key);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(after.code).toBe(3);
    expect(after.stderr).toContain('send a valid API key');
    expect(`${after.stdout}${after.stderr}`).not.toContain(key);
    expect(byRequester.code).toBe(3);
    expect(byRequester.stderr).toContain('this needs the admin role');
  });

  it('reads a profile, and refuses a profile file others can read', async () => {
    // Prepare
    const file = join(dir, 'profiles.json');
    const { key } = await system.runtime.issueApiKey({
      userId: 'U_PROFILED',
      displayName: 'P',
      roles: ['requester'],
    });
    writeFileSync(
      file,
      JSON.stringify({ profiles: { sandbox: { apiUrl: system.runtime.apiUrl, apiKey: key } } }),
    );

    // Act
    chmodSync(file, 0o644);
    const open = await system.hitlWithEnv(
      { HITL_PROFILES: file },
      'approvals',
      'list',
      '--mine',
      '--profile',
      'sandbox',
    );
    chmodSync(file, 0o600);
    const closed = await system.hitlWithEnv(
      { HITL_PROFILES: file },
      'approvals',
      'list',
      '--mine',
      '--profile',
      'sandbox',
    );
    const unknown = await system.hitlWithEnv({ HITL_PROFILES: file }, 'tools', '--profile', 'prod');

    // Assess
    expect(open.code).toBe(3);
    expect(open.stderr).toContain(`chmod 600 ${file}`);
    expect(open.stderr).not.toContain(key);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toContain('No requests.');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no profile "prod"');
  });

  it('lists the tools with what policy says about each', async () => {
    const listed = await system.hitl('tools', '--json');
    const text = await system.hitl('tools');
    const tools = JSON.parse(listed.stdout).tools as {
      name: string;
      policy: { outcome: string };
    }[];
    expect(tools).toContainEqual(
      expect.objectContaining({
        name: 'ops__reset_2fa',
        policy: expect.objectContaining({ outcome: 'require_approval' }),
      }),
    );
    expect(tools).toContainEqual(
      expect.objectContaining({
        name: 'ops__forbidden',
        policy: expect.objectContaining({ outcome: 'deny' }),
      }),
    );
    expect(text.stdout).toMatch(/ops\/forbidden +deny/);
  });
});

describe('hitl-mcp administers policies, MCP servers and the seed configuration', () => {
  it('validates, tests, replays, activates and rolls back a policy set', async () => {
    // Prepare: the active set, plus a rule that forbids looking people up.
    const active = await system.api('GET', '/config/policies', undefined, 'admin');
    const sources = active.body.sources as { name: string; text: string }[];
    const files = sources.map((source) => {
      const file = join(dir, source.name);
      writeFileSync(file, source.text);
      return file;
    });
    const stricter = join(dir, 'no-lookups.cedar');
    writeFileSync(
      stricter,
      '@id("cli.no-lookups")\n@outcome("deny")\n@reason("no lookups today")\nforbid (principal, action == Action::"ops__lookup_user", resource);\n',
    );
    const broken = join(dir, 'broken.cedar');
    writeFileSync(broken, 'permit (principal, action, resource)\nforbid (;\n');
    const lookup = ['--tool', 'ops__lookup_user', '--args', JSON.stringify({ email: email() })];

    // Act
    const invalid = await system.hitl('policy', 'validate', broken, '--as', 'admin');
    const valid = await system.hitl('policy', 'validate', ...files, stricter, '--as', 'admin');
    const tried = await system.hitl(
      'policy',
      'test',
      ...files,
      stricter,
      ...lookup,
      '--as',
      'admin',
    );
    const replayed = await system.hitl(
      'policy',
      'replay',
      ...files,
      stricter,
      '--limit',
      '20',
      '--as',
      'admin',
    );
    const refused = await system.hitl('policy', 'activate', broken, '--as', 'admin');
    const base = await system.hitl('policy', 'activate', ...files, '--as', 'admin');
    const activated = await system.hitl('policy', 'activate', ...files, stricter, '--as', 'admin');
    const afterActivation = await system.api('GET', '/config/policies', undefined, 'admin');
    const rolledBack = await system.hitl('policy', 'rollback', '--as', 'admin');
    const afterRollback = await system.api('GET', '/config/policies', undefined, 'admin');

    // Assess
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^broken\.cedar:\d+:\d+: /m);
    expect(valid.code, valid.stdout).toBe(0);
    expect(tried.stdout).toMatch(/^deny: .*no lookups today/);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toMatch(/recent request\(s\) evaluated/);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken\.cedar:\d+:\d+: /);
    expect(activated.code, activated.stderr).toBe(0);
    const names = (answer: { body: Record<string, unknown> }) =>
      (answer.body.sources as { name: string }[]).map((source) => source.name);
    expect(base.code, base.stderr).toBe(0);
    expect(activated.stdout).toMatch(/Policies version \d+ is active/);
    expect(names(afterActivation)).toContain('no-lookups.cedar');
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(names(afterRollback)).not.toContain('no-lookups.cedar');
    expect(afterRollback.body.version).toBeGreaterThan(Number(afterActivation.body.version));
  });

  it('lists and adds MCP servers, and disables one tool so it is no longer listed', async () => {
    // Act
    const added = await system.hitl(
      'servers',
      'add',
      '--alias',
      'remote',
      '--url',
      'http://127.0.0.1:9/mcp',
      '--as',
      'admin',
    );
    const listed = await system.hitl('servers', 'list', '--as', 'admin');
    const disabled = await system.hitl(
      'servers',
      'disable-tool',
      'ops',
      'grant_admin',
      '--as',
      'admin',
    );
    const tools = await system.hitl('tools', '--json');
    const unknown = await system.hitl('servers', 'disable-tool', 'nope', 'x', '--as', 'admin');

    // Assess
    expect(added.code, added.stderr).toBe(0);
    expect(listed.stdout).toMatch(/remote +enabled +http:\/\/127\.0\.0\.1:9\/mcp/);
    expect(listed.stdout).toMatch(/^ops /m);
    expect(disabled.code, disabled.stderr).toBe(0);
    const names = (JSON.parse(tools.stdout).tools as { name: string }[]).map((tool) => tool.name);
    expect(names).toContain('ops__reset_2fa');
    expect(names).not.toContain('ops__grant_admin');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no MCP server "nope"');
  });

  it('migrates MCP_SERVERS and a seed policy file: a dry run first, then --apply, then nothing left', async () => {
    // Prepare
    const rules = join(dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({
        rules: [{ name: 'prod changes', environments: ['prod'], require_approval: true }],
      }),
    );
    const env = {
      MCP_SERVERS: JSON.stringify([{ alias: 'seeded', url: 'http://127.0.0.1:9/seeded' }]),
      POLICY_PATH: rules,
    };

    // Act
    const dryRun = await system.hitlWithEnv(env, 'migrate-config', '--as', 'admin');
    const serversAfterDryRun = await system.hitl('servers', 'list', '--as', 'admin');
    const applied = await system.hitlWithEnv(env, 'migrate-config', '--apply', '--as', 'admin');
    const again = await system.hitlWithEnv(env, 'migrate-config', '--as', 'admin');
    const nothing = await system.hitl('migrate-config', '--as', 'admin');

    // Assess
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('+ mcp server seeded');
    expect(dryRun.stdout).toContain('+ policy rules.cedar');
    expect(dryRun.stdout).toContain('Dry run: nothing saved');
    expect(serversAfterDryRun.stdout).not.toContain('seeded');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Saved: mcpServers version \d+, policies version \d+/);
    expect(again.stdout).toContain('= mcp server seeded');
    expect(again.stdout).toContain('= policy rules.cedar');
    expect(again.stdout).toContain('already holds all of it');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to migrate');
  });
});

describe('hitl-mcp exports and verifies the audit log', () => {
  it('exports every page of a stream as one CSV, and finds its chain intact', async () => {
    // Prepare
    const requestId = await submitReset(email());
    await system.waitFor(requestId, 'pending');
    await system.hitl('reject', requestId, '--as', 'approver', '--comment', 'not now');
    await system.runtime.settled(requestId);
    const out = join(dir, 'audit.csv');
    const stored = await system.runtime.stores.audit.list(requestId);

    // Act
    const exported = await system.hitl(
      'audit',
      'export',
      '--stream',
      requestId,
      '--out',
      out,
      '--as',
      'admin',
    );
    // Two events a page: the export follows the cursor through every page.
    const printed = await system.hitl(
      'audit',
      'export',
      '--stream',
      requestId,
      '--limit',
      '2',
      '--as',
      'admin',
    );
    const verified = await system.hitl('audit', 'verify', '--stream', requestId, '--as', 'admin');
    const everything = await system.hitl('audit', 'verify', '--as', 'admin', '--json');
    const byRequester = await system.hitl('audit', 'verify');

    // Assess
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`${stored.length} audit event(s) written to ${out}`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(stored.length).toBeGreaterThan(2);
    expect(lines).toHaveLength(stored.length + 1);
    expect(lines.slice(1).every((line) => line.includes(requestId))).toBe(true);
    expect(printed.stdout.split('\r\n')).toEqual(lines);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`${stored.length} event(s) in 1 stream(s)`);
    expect(JSON.parse(everything.stdout)).toMatchObject({ ok: true, broken: [] });
    expect(byRequester.code).toBe(3);
  });

  it('says which event breaks a chain edited behind the API, with exit code 1', async () => {
    // Prepare: someone with table access rewrites who submitted a request.
    const requestId = await submitReset(email());
    await system.waitFor(requestId, 'pending');
    const documents = createDocumentClient({
      ...LOCAL_AWS,
      endpoint: system.runtime.dynamoEndpoint,
    });
    await documents.send(
      new UpdateCommand({
        TableName: tableNames('agentcore-local').audit,
        Key: { streamId: requestId, seq: 1 },
        UpdateExpression: 'SET actor = :someone',
        ExpressionAttributeValues: { ':someone': 'U_SOMEONE_ELSE' },
      }),
    );
    documents.destroy();

    // Act
    const verified = await system.hitl('audit', 'verify', '--stream', requestId, '--as', 'admin');

    // Assess
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('Audit log BROKEN');
    expect(verified.stdout).toContain(
      `${requestId}: event 1 breaks the chain (content does not match its hash)`,
    );
    await system.hitl('reject', requestId, '--as', 'approver');
  });
});
