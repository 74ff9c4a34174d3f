import { describe, expect, it } from 'vitest';
import {
  approvalLapsed,
  awaitApproval,
  EXECUTION_START_GRACE_MS,
  evaluatePolicy,
  expireIfLapsed,
  recordApproverDecision,
  WrongStatusError,
} from '../../src/index.js';
import { FixedPolicy } from '../support/policy.js';
import { BOB, HOUR, ownStep, refusal, requireApproval, World } from '../support/world.js';

function decideDeps(world: World) {
  return {
    approvals: world.approvals,
    tokens: world.tokens,
    directory: world.directory,
    clock: world.clock.now,
  };
}

describe('approval expiry', () => {
  it('refuses a decision at or after expiresAt, saying when it expired', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { expiresInMs: HOUR });
    world.clock.advance(HOUR + 18_000);

    // Act
    const late = await refusal(() =>
      recordApproverDecision(decideDeps(world), {
        requestId: item.requestId,
        approver: BOB,
        verdict: 'approved',
      }),
    );

    // Assess
    expect(late).toBeInstanceOf(WrongStatusError);
    expect((late as Error).message).toContain(`expired at ${item.expiresAt}`);
    expect((await world.stored(item.requestId)).status).toBe('pending');
    expect(world.tokens.deliveries).toEqual([]);
  });

  it('expires a request whose wait is armed again after expiresAt, and answers the new wait at once', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { expiresInMs: HOUR, taskToken: 'token-1' });
    world.clock.advance(HOUR + 1);

    // Act
    await awaitApproval(
      {
        approvals: world.approvals,
        pinner: { pin: async () => ({}) },
        notifier: world.notifier,
        tokens: world.tokens,
        clock: world.clock.now,
      },
      {
        ...ownStep(item),
        taskToken: 'token-after-restart',
        expiresInSeconds: 3_600,
        policy: requireApproval(),
      },
    );

    // Assess
    const stored = await world.stored(item.requestId);
    expect(stored.status).toBe('expired');
    expect(stored.statusReason).toBe(
      `no decision before the approval expired at ${item.expiresAt}`,
    );
    expect(stored.expiresAt).toBe(item.expiresAt);
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'token-after-restart', output: { verdict: 'expired' } },
    ]);
  });

  it('lets an approval recorded in time start promptly, even just past expiresAt', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { expiresInMs: 10_000 });
    world.clock.advance(9_000);
    await recordApproverDecision(decideDeps(world), {
      requestId: item.requestId,
      approver: BOB,
      verdict: 'approved',
    });
    world.clock.advance(5_000);
    const approved = await world.stored(item.requestId);

    // Act
    const lapsed = await expireIfLapsed(
      { approvals: world.approvals, clock: world.clock.now },
      approved,
    );

    // Assess
    expect(lapsed).toBe(false);
    expect((await world.stored(item.requestId)).status).toBe('approved');
  });

  it('ends an approved request expired when execution starts after the approval lapsed', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { expiresInMs: HOUR });
    await recordApproverDecision(decideDeps(world), {
      requestId: item.requestId,
      approver: BOB,
      verdict: 'approved',
    });
    world.clock.advance(HOUR + EXECUTION_START_GRACE_MS);
    const approved = await world.stored(item.requestId);

    // Act
    const lapsed = await expireIfLapsed(
      { approvals: world.approvals, clock: world.clock.now },
      approved,
    );

    // Assess
    expect(approvalLapsed(approved, world.clock.now())).toBe(true);
    expect(lapsed).toBe(true);
    const stored = await world.stored(item.requestId);
    expect(stored.status).toBe('expired');
    expect(stored.statusReason).toContain(`after the approval expired at ${item.expiresAt}`);
    expect(stored.statusReason).toContain('nothing ran');
  });

  it('gives a re-run workflow only the time left of a window already open', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { expiresInMs: HOUR });
    world.clock.advance(HOUR - 600_000);

    // Act
    const verdict = await evaluatePolicy(
      {
        approvals: world.approvals,
        policy: new FixedPolicy(requireApproval()),
        maxApprovalSeconds: 14_000,
        clock: world.clock.now,
      },
      ownStep(item),
    );

    // Assess
    expect(verdict.approvalTimeoutSeconds).toBe(600);
  });
});
