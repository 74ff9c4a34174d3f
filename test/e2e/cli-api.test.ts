import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitReset, uniqueEmail } from '../support/cli-requests.js';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

// hitl-mcp through the request API with keys: who you are is the key's holder, never a flag.
let system: LocalSystem;
let dir: string;

beforeAll(async () => {
  system = await startLocalSystem();
  dir = mkdtempSync(join(tmpdir(), 'cli-api-'));
}, 120_000);

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('hitl-mcp over the request API', () => {
  it('follows a request needing approval until another identity approves it, and it completes', async () => {
    // Prepare: the requester runs and waits; the approver finds it among what waits for them.
    const address = uniqueEmail();
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
    const pendingIdOf = async () => {
      const listed = await system.hitl('approvals', 'list', '--as', 'approver', '--json');
      const requests = JSON.parse(listed.stdout).requests as { requestId: string }[];
      return requests.find((request) => JSON.stringify(request).includes(address))?.requestId;
    };
    const requestId = (await system.until(
      pendingIdOf,
      (id) => id !== undefined,
      'the request to wait for approval',
    )) as string;
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
    const address = uniqueEmail();
    const requestId = await submitReset(system, address, both);
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
    const requestId = await submitReset(system, uniqueEmail());
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
      JSON.stringify({ email: uniqueEmail() }),
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
