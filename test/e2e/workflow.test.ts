import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;
let counter = 0;

beforeAll(async () => {
  system = await startLocalSystem();
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** A fresh user address per test, so fixture calls and notifications can be told apart. */
function user(): string {
  counter += 1;
  return `user${counter}-${Date.now()}@example.com`;
}

/** `hitl-mcp run` for one exact call of `tool` on `email`, as a requester types it. */
function run(tool: string, email: string, flags: string[]) {
  return system.hitl('run', '--tool', tool, '--args', JSON.stringify({ email }), ...flags);
}

async function submit(tool: string, email: string, extra: string[] = []) {
  const result = await run(tool, email, ['--json', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return requestIdOf(result.stdout);
}

describe('the human-in-the-loop workflow on the local runtime', () => {
  it('runs a request that policy allows at once', async () => {
    // Prepare
    const email = user();

    // Act
    const result = await run('ops/lookup_user', email, ['--wait']);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('COMPLETED');
    expect(result.stdout).toContain(`lookup_user {"email":"${email}"}`);
    expect(system.ops.callsOf('lookup_user', email)).toHaveLength(1);
  });

  it('waits for approval, then runs exactly the approved tool and completes', async () => {
    // Prepare
    const email = user();
    const requestId = await submit('ops__reset_2fa', email);
    const pending = await system.waitFor(requestId, 'pending');
    const listed = await system.hitl('approvals', 'list');
    const ranBeforeApproval = system.ops.callsOf('reset_2fa', email).length;

    // Act
    const approved = await system.hitl('approve', requestId, '--as', 'approver', '--comment', 'ok');
    await system.runtime.settled(requestId);
    const status = await system.hitl('status', requestId);
    const timeline = await system.hitl('timeline', requestId);

    // Assess
    expect(timeline.code, timeline.stderr).toBe(0);
    expect(timeline.stdout.split('\n').map((line) => line.replace(/^ +\d+ +\S+ +/, ''))).toEqual([
      requestId,
      expect.stringMatching(/^U_ALICE +recorded$/),
      expect.stringMatching(/^approval +received -> pending \(policy: require_approval\)$/),
      expect.stringMatching(/^U_APPROVER +approved 1 of 1 \(decides\): ok$/),
      expect.stringMatching(/^execute +approved -> executing$/),
      expect.stringMatching(/^execute +running ops\/reset_2fa$/),
      expect.stringMatching(/^execute +ops\/reset_2fa ok \(\d+ ms, \d+ bytes\)$/),
      expect.stringMatching(/^execute +executing -> completed$/),
    ]);
    expect(pending.toolPins).toHaveProperty('ops__reset_2fa');
    expect(listed.stdout).toContain(requestId);
    expect(ranBeforeApproval).toBe(0);
    expect(approved.code, approved.stderr).toBe(0);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('COMPLETED');
    expect(status.stdout).toContain('approved by U_APPROVER: ok');
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([
      { tool: 'reset_2fa', args: { email } },
    ]);
    expect(
      system.notifications.some((text) => text.includes(`Approval needed`) && text.includes(email)),
    ).toBe(true);
    expect(
      system.notifications.some(
        (text) => text.includes(`Done: Run ops/reset_2fa`) && text.includes(requestId),
      ),
    ).toBe(true);
  });

  it('ends a rejected request as rejected without running anything', async () => {
    // Prepare
    const email = user();
    const requestId = await submit('ops__reset_2fa', email);
    await system.waitFor(requestId, 'pending');

    // Act
    const rejected = await system.hitl(
      'reject',
      requestId,
      '--as',
      'approver',
      '--comment',
      'not today',
    );
    await system.runtime.settled(requestId);
    const status = await system.hitl('status', requestId);

    // Assess
    expect(rejected.code).toBe(0);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('REJECTED');
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([]);
  });

  it('expires a request nobody decides in time, and runs nothing', async () => {
    // Prepare
    const email = user();
    const requestId = await submit('ops__slow_decision', email);

    // Act
    await system.waitFor(requestId, 'pending');
    const expired = await system.waitFor(requestId, 'expired');
    const late = await system.hitl('approve', requestId, '--as', 'approver');

    // Assess
    expect(expired.statusReason).toBe('no decision before the approval expired');
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('expired at');
    expect(system.ops.callsOf('slow_decision', email)).toEqual([]);
  });

  it('runs nothing of a plan whose calls the approval does not all cover, and audits why', async () => {
    // Prepare: one request with two exact calls, as the API accepts them.
    const email = user();
    const submitted = await system.submit({
      toolCalls: [
        { tool: 'ops__reset_2fa', arguments: { email } },
        { tool: 'ops__grant_admin', arguments: { email } },
      ],
    });
    const requestId = String(submitted.body.requestId);
    await system.waitFor(requestId, 'pending');
    const notRequested = await system.hitl(
      'approve',
      requestId,
      '--as',
      'approver',
      '--tools',
      'ops__delete_all',
    );

    // Act: the approver allows only the 2FA reset.
    await system.hitl('approve', requestId, '--as', 'approver', '--tools', 'ops__reset_2fa');
    await system.runtime.settled(requestId);
    const item = await system.runtime.stores.approvals.get(requestId);
    const audit = await system.runtime.stores.audit.list(requestId);

    // Assess
    expect(notRequested.code).toBe(2);
    expect(notRequested.stderr).toContain('were not requested');
    expect(item?.status).toBe('failed');
    expect(item?.allowedTools).toEqual(['ops__reset_2fa']);
    expect(item?.result?.error?.code).toBe('tool_not_allowed');
    expect(item?.statusReason).toMatch(
      /ops__grant_admin is not among the tools the approval allows/,
    );
    // An approval covers the exact plan or nothing: not even the allowed reset runs alone.
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([]);
    expect(system.ops.callsOf('grant_admin', email)).toEqual([]);
    expect(audit.at(-1)?.data).toMatchObject({
      from: 'approved',
      to: 'failed',
      reason: item?.statusReason,
    });
    expect(await system.runtime.stores.audit.verify(requestId)).toMatchObject({ ok: true });
  });

  it('refuses self-approval and approvers the policy does not name', async () => {
    // Prepare
    const email = user();
    // U_APPROVER asks for it, with a key that may both ask and approve.
    const approverWhoAsks = await system.keyFlags({
      userId: 'U_APPROVER',
      roles: ['requester', 'approver'],
    });
    const mallory = await system.keyFlags({ userId: 'U_MALLORY', roles: ['approver'] });
    const requestId = await submit('ops__reset_2fa', email, approverWhoAsks);
    await system.waitFor(requestId, 'pending');

    // Act
    const own = await system.hitl('approve', requestId, ...approverWhoAsks);
    const stranger = await system.hitl('approve', requestId, ...mallory);
    const other = await system.hitl('approve', requestId, '--as', 'approver2');
    await system.runtime.settled(requestId);

    // Assess
    expect(own.code).toBe(3);
    expect(own.stderr).toContain('you cannot approve your own request');
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toContain('U_MALLORY may not decide this request');
    expect(other.code).toBe(0);
    expect(system.ops.callsOf('reset_2fa', email)).toHaveLength(1);
  });

  it('lets only one of two racing approvers decide, and runs the action once', async () => {
    // Prepare
    const email = user();
    const requestId = await submit('ops__reset_2fa', email);
    await system.waitFor(requestId, 'pending');

    // Act
    const [first, second] = await Promise.all([
      system.hitl('approve', requestId, '--as', 'approver'),
      system.hitl('approve', requestId, '--as', 'approver2'),
    ]);
    await system.runtime.settled(requestId);

    // Assess
    expect([first.code, second.code].sort()).toEqual([0, 1]);
    expect(`${first.stderr}${second.stderr}`).toContain('already decided');
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('completed');
    expect(system.ops.callsOf('reset_2fa', email)).toHaveLength(1);
  });

  it('refuses a tool whose definition changed after approval was requested', async () => {
    // Prepare
    const email = user();
    const requestId = await submit('ops__reset_2fa', email);
    await system.waitFor(requestId, 'pending');
    system.ops.changeResetDescription('Turn off 2-step verification, and also export all mail');

    // Act
    await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    system.ops.changeResetDescription('Turn off 2-step verification for a user');
    const item = await system.runtime.stores.approvals.get(requestId);

    // Assess
    expect(item?.status).toBe('failed');
    expect(item?.result?.error?.code).toBe('tool_definition_changed');
    expect(item?.statusReason).toContain('ops/reset_2fa');
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([]);
  });

  it('denies what policy forbids, without asking anyone or running it', async () => {
    // Prepare
    const email = user();

    // Act
    const result = await run('ops__forbidden', email, ['--wait']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('DENIED');
    expect(result.stdout).toContain('nobody may run this');
    expect(system.ops.callsOf('forbidden', email)).toEqual([]);
  });
});
