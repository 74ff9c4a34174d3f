import { describe, expect, it } from 'vitest';
import { type EvaluatePolicyDeps, evaluatePolicy } from '../../src/index.js';
import { FixedPolicy } from '../support/policy.js';
import { ALLOW, DENY, ownStep, requireApproval, World } from '../support/world.js';

function deps(world: World, policy: FixedPolicy, maxApprovalSeconds = 14_000): EvaluatePolicyDeps {
  return { approvals: world.approvals, policy, maxApprovalSeconds };
}

describe('evaluatePolicy', () => {
  it('hands an allow verdict on without storing it (Execute stores it with its move)', async () => {
    // Prepare
    const world = new World();
    const item = await world.received();
    const policy = new FixedPolicy(ALLOW);

    // Act
    const verdict = await evaluatePolicy(deps(world, policy), ownStep(item));

    // Assess
    expect(verdict).toEqual({ outcome: 'allow', approvalTimeoutSeconds: 3_600, policy: ALLOW });
    expect(policy.asked).toEqual([item.action]);
    expect(await world.stored(item.requestId)).toEqual(item);
  });

  it('hands a require-approval verdict on with its approval window, storing nothing', async () => {
    // Prepare
    const world = new World();
    const item = await world.received();
    const decision = requireApproval({ expiresInSeconds: 900, quorum: 2 });

    // Act
    const verdict = await evaluatePolicy(deps(world, new FixedPolicy(decision)), ownStep(item));

    // Assess
    expect(verdict).toEqual({
      outcome: 'require_approval',
      approvalTimeoutSeconds: 900,
      policy: decision,
    });
    expect(await world.stored(item.requestId)).toEqual(item);
  });

  it('ends a denied request here, storing the verdict and its reason in one write', async () => {
    // Prepare
    const world = new World();
    const item = await world.received();

    // Act
    const verdict = await evaluatePolicy(deps(world, new FixedPolicy(DENY)), ownStep(item));

    // Assess
    expect(verdict.outcome).toBe('deny');
    expect(await world.stored(item.requestId)).toMatchObject({
      status: 'denied',
      policy: DENY,
      statusReason: DENY.reason,
      version: item.version + 1,
    });
    expect(world.approvals.auditEvents(item.requestId).slice(1)).toEqual([
      expect.objectContaining({
        actor: 'policy',
        data: {
          from: 'received',
          to: 'denied',
          reason: DENY.reason,
          policy: 'deny',
          policyIds: DENY.policyIds,
        },
      }),
    ]);
  });

  it.each([
    ['pending', requireApproval({ expiresInSeconds: 600 })],
    ['approved', requireApproval({ expiresInSeconds: 600 })],
    ['rejected', requireApproval()],
    ['executing', requireApproval()],
    ['completed', requireApproval()],
    ['expired', requireApproval()],
    ['denied', DENY],
  ] as const)(
    'returns the verdict stored on a re-driven %s request, asking nobody',
    async (status, stored) => {
      // Prepare
      const world = new World();
      const item = await world.inStatus(status, { policy: stored });
      const policy = new FixedPolicy(status === 'denied' ? ALLOW : DENY);
      const before = await world.snapshot(item.requestId);

      // Act
      const verdict = await evaluatePolicy(deps(world, policy), ownStep(item));

      // Assess
      expect(verdict.policy).toEqual(stored);
      expect(verdict.outcome).toBe(stored.outcome);
      expect(policy.asked).toEqual([]);
      expect(await world.snapshot(item.requestId)).toEqual(before);
    },
  );

  it('does not deny a request that already left received some other way', async () => {
    // Prepare: the workflow could not be started, yet its execution runs (an ambiguous timeout)
    const world = new World();
    const item = await world.received();
    await world.approvals.transition(item.requestId, {
      from: 'received',
      to: 'failed',
      actor: 'submit',
    });
    const before = await world.snapshot(item.requestId);

    // Act
    const verdict = await evaluatePolicy(deps(world, new FixedPolicy(DENY)), ownStep(item));

    // Assess
    expect(verdict.outcome).toBe('deny');
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });

  it('keeps every approval window within [1 s, the longest the execution allows]', async () => {
    // Prepare
    const windows = [1, 2, 59, 60, 3_599, 3_600, 3_601, 14_399, 14_400, 14_401, 31_536_000];
    const limits = [0, 1, 60, 3_600, 14_400];

    for (const expiresInSeconds of windows) {
      for (const max of limits) {
        const world = new World();
        const item = await world.received();

        // Act
        const verdict = await evaluatePolicy(
          deps(world, new FixedPolicy(requireApproval({ expiresInSeconds })), max),
          ownStep(item),
        );

        // Assess
        const label = `window ${expiresInSeconds} s, limit ${max} s`;
        const seconds = verdict.approvalTimeoutSeconds;
        expect(seconds, label).toBeGreaterThanOrEqual(1);
        if (max >= 1) expect(seconds, label).toBeLessThanOrEqual(max);
        if (expiresInSeconds <= max) expect(seconds, label).toBe(expiresInSeconds);
        else if (max >= 1) expect(seconds, label).toBe(max);
      }
    }
  });

  it('gives a verdict without approval rules the default hour, within the limit', async () => {
    // Prepare
    const world = new World();
    const item = await world.received();

    // Act
    const verdict = await evaluatePolicy(deps(world, new FixedPolicy(ALLOW), 1_800), ownStep(item));

    // Assess
    expect(verdict.approvalTimeoutSeconds).toBe(1_800);
  });
});
