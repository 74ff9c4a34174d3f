import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem();
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('plain words without a model', () => {
  it("plans 'reset 2FA for bob@example.com' and turns Bob's 2SV off once approved", async () => {
    // Prepare
    const submitted = await system.hitl(
      'run',
      '--query',
      'reset 2FA for bob@example.com',
      '--json',
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const requestId = requestIdOf(submitted.stdout);
    const pending = await system.waitFor(requestId, 'pending');
    const enrolledBeforeApproval = system.runtime.google.user('bob@example.com')?.isEnrolledIn2Sv;

    // Act
    const approved = await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const completed = await system.waitFor(requestId, 'completed');

    // Assess
    expect(pending.action).toMatchObject({
      query: 'reset 2FA for bob@example.com',
      summary: 'Reset 2-Step Verification for bob@example.com',
      category: 'user_account_access',
      resource: 'bob@example.com',
      toolCalls: [{ tool: 'google_admin__reset_2fa', arguments: { email: 'bob@example.com' } }],
    });
    expect(pending.intendedTools).toEqual(['google_admin__reset_2fa']);
    expect(enrolledBeforeApproval).toBe(true);
    expect(approved.code, approved.stderr).toBe(0);
    expect(completed.result?.toolCalls).toEqual([
      expect.objectContaining({ tool: 'google_admin__reset_2fa', ok: true }),
    ]);
    expect(system.runtime.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
  });

  it('ends a request it does not understand, saying why and what it can do, running nothing', async () => {
    // Prepare
    const vague = await system.keyFlags({ userId: 'U_VAGUE', roles: ['requester'] });
    const submitted = await system.hitl(
      'run',
      ...vague,
      '--query',
      'make everything better',
      '--json',
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const requestId = requestIdOf(submitted.stdout);
    await system.runtime.settled(requestId);
    const failed = await system.waitFor(requestId, 'failed');

    // Act
    const status = await system.hitl('status', requestId, ...vague);

    // Assess
    // status exits 1 for a request that ended without completing.
    expect(status.code, status.stderr).toBe(1);
    expect(status.stdout).toContain('FAILED  make everything better');
    expect(status.stdout).toContain('reason    NotUnderstoodError: I could not understand');
    expect(status.stdout).toContain('could not understand "make everything better"');
    expect(status.stdout).toContain('"reset 2FA for bob@example.com"');
    expect(failed.intendedTools).toEqual([]);
    expect(failed.result).toBeUndefined();
  });
});
