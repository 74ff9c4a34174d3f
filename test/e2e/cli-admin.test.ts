import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_AWS } from '@agentcore/local';
import { createDocumentClient, tableNames } from '@agentcore/store';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitReset, uniqueEmail } from '../support/cli-requests.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

// hitl-mcp's admin commands through the request API, with the local admin's key.
let system: LocalSystem;
let dir: string;

beforeAll(async () => {
  system = await startLocalSystem();
  dir = mkdtempSync(join(tmpdir(), 'cli-admin-'));
}, 120_000);

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
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
    const lookup = [
      '--tool',
      'ops__lookup_user',
      '--args',
      JSON.stringify({ email: uniqueEmail() }),
    ];

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
    const requestId = await submitReset(system, uniqueEmail());
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
    const requestId = await submitReset(system, uniqueEmail());
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
      `${requestId}: event 1 breaks the chain (content does not match its MAC)`,
    );
    await system.hitl('reject', requestId, '--as', 'approver');
  });

  it('reports a chain whose newest event was deleted behind the API as a missing tail', async () => {
    // Prepare: someone with table access removes the newest event of a settled request.
    const requestId = await submitReset(system, uniqueEmail());
    await system.waitFor(requestId, 'pending');
    await system.hitl('reject', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const newest = (await system.runtime.stores.audit.list(requestId)).length;
    const documents = createDocumentClient({
      ...LOCAL_AWS,
      endpoint: system.runtime.dynamoEndpoint,
    });
    await documents.send(
      new DeleteCommand({
        TableName: tableNames('agentcore-local').audit,
        Key: { streamId: requestId, seq: newest },
      }),
    );
    documents.destroy();

    // Act
    const verified = await system.hitl('audit', 'verify', '--stream', requestId, '--as', 'admin');

    // Assess
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(
      `${requestId}: the chain's end does not hold from event ${newest} (the chain's tail is missing`,
    );
  });
});
