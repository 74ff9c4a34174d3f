import {
  AlreadyDecidedError,
  type ApprovalItem,
  LIMITS,
  RetryableError,
  ValidationError,
} from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  type ApproverDecision,
  handOffDecision,
  NotAuthorisedError,
  type RecordDecisionDeps,
  recordApproverDecision,
  WrongStatusError,
} from '../../src/index.js';
import { StaticDirectory } from '../../src/testing/index.js';
import {
  ALICE,
  BOB,
  CAROL,
  HOUR,
  MALLORY,
  RESET,
  refusal,
  requireApproval,
  type Seed,
  SUSPEND,
  World,
} from '../support/world.js';

function deps(world: World): RecordDecisionDeps {
  return {
    approvals: world.approvals,
    tokens: world.tokens,
    directory: world.directory,
    clock: world.clock.now,
  };
}

async function pending(world: World, seed: Seed = {}): Promise<ApprovalItem> {
  return world.inStatus('pending', { taskToken: 'token-1', ...seed });
}

function decide(world: World, item: ApprovalItem, decision: Omit<ApproverDecision, 'requestId'>) {
  return recordApproverDecision(deps(world), { requestId: item.requestId, ...decision });
}

/** Asserts that a refused decision left the request, its audit trail and the workflow as they were. */
async function expectNothingChanged(world: World, before: Awaited<ReturnType<World['snapshot']>>) {
  expect(await world.snapshot(before.item.requestId)).toEqual(before);
  expect(world.tokens.deliveries).toEqual([]);
}

describe('recordApproverDecision', () => {
  it('records a named approver approving, and hands the verdict to the waiting workflow', async () => {
    // Prepare
    const world = new World();
    const item = await pending(world);
    world.clock.advance(60_000);

    // Act
    const decided = await decide(world, item, {
      approver: BOB,
      verdict: 'approved',
      comment: '  ok, ticket #42  ',
    });

    // Assess
    expect(decided).toEqual(await world.stored(item.requestId));
    expect(decided).toMatchObject({
      status: 'approved',
      allowedTools: [RESET, SUSPEND],
      decision: {
        verdict: 'approved',
        approver: BOB,
        decidedAt: '2030-01-01T00:01:00.000Z',
        comment: 'ok, ticket #42',
        allowedTools: [RESET, SUSPEND],
      },
    });
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'token-1', output: { verdict: 'approved' } },
    ]);
    expect(world.directory.lookups).toEqual([]);
  });

  it('accepts an approver through an approving group, looking the approver up', async () => {
    // Prepare
    const world = new World();
    const item = await pending(world);

    // Act
    const decided = await decide(world, item, { approver: CAROL, verdict: 'rejected' });

    // Assess
    expect(decided.status).toBe('rejected');
    expect(world.directory.lookups).toEqual([CAROL]);
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'token-1', output: { verdict: 'rejected' } },
    ]);
  });

  describe('who may decide', () => {
    it.each(['approved', 'rejected'] as const)(
      'refuses someone neither named nor in an approving group (%s), naming the approvers',
      async (verdict) => {
        // Prepare
        const world = new World();
        const item = await pending(world);
        const before = await world.snapshot(item.requestId);

        // Act
        const error = await refusal(() => decide(world, item, { approver: MALLORY, verdict }));

        // Assess
        expect(error).toBeInstanceOf(NotAuthorisedError);
        expect(error).toMatchObject({
          code: 'not_authorised',
          message: `${MALLORY} may not decide this request; its approvers are ${BOB}, group approvers`,
        });
        await expectNothingChanged(world, before);
      },
    );

    it('refuses everyone when the policy names no approvers, without asking the directory', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world, {
        policy: requireApproval({ approverUserIds: [], approverGroups: [] }),
      });
      const before = await world.snapshot(item.requestId);

      // Act
      const errors = await Promise.all(
        [BOB, CAROL, MALLORY].map((approver) =>
          refusal(() => decide(world, item, { approver, verdict: 'approved' })),
        ),
      );

      // Assess
      for (const error of errors) {
        expect(error).toBeInstanceOf(NotAuthorisedError);
        expect((error as Error).message).toContain('its policy names no approvers');
      }
      expect(world.directory.lookups).toEqual([]);
      await expectNothingChanged(world, before);
    });

    it('refuses a request without a stored verdict to anyone (no rules: no approvers)', async () => {
      // Prepare: a pending request whose policy was never stored
      const world = new World();
      const item = await world.received();
      await world.approvals.transition(item.requestId, {
        from: 'received',
        to: 'pending',
        actor: 'test',
        changes: { taskToken: 't', allowedTools: item.intendedTools },
      });

      // Act
      const error = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved' }),
      );

      // Assess
      expect(error).toBeInstanceOf(NotAuthorisedError);
    });

    it('looks approvers up by their own id: a group named like a user grants nothing', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world, {
        policy: requireApproval({ approverUserIds: [], approverGroups: ['approvers'] }),
      });
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() =>
        decide(world, item, { approver: 'approvers', verdict: 'approved' }),
      );

      // Assess
      expect(error).toBeInstanceOf(NotAuthorisedError);
      await expectNothingChanged(world, before);
    });

    it.each<[string, Record<string, readonly string[]>, string[]]>([
      ['named as an approver', {}, [ALICE.userId]],
      ['in an approving group', { [ALICE.userId]: ['approvers'] }, []],
    ])('refuses a requester %s approving their own request', async (_, groups, named) => {
      // Prepare
      const world = new World();
      const item = await pending(world, {
        policy: requireApproval({ approverUserIds: named, approverGroups: ['approvers'] }),
      });
      const before = await world.snapshot(item.requestId);
      const decideAs = { ...deps(world), directory: new StaticDirectory(groups) };

      // Act
      const error = await refusal(() =>
        recordApproverDecision(decideAs, {
          requestId: item.requestId,
          approver: ` ${ALICE.userId} `,
          verdict: 'approved',
        }),
      );

      // Assess
      expect(error).toBeInstanceOf(NotAuthorisedError);
      expect((error as Error).message).toBe('you cannot approve your own request');
      await expectNothingChanged(world, before);
    });

    it('lets a requester approve their own request where the policy allows it', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world, {
        policy: requireApproval({ approverUserIds: [ALICE.userId], allowSelfApproval: true }),
      });

      // Act
      const decided = await decide(world, item, { approver: ALICE.userId, verdict: 'approved' });

      // Assess
      expect(decided.status).toBe('approved');
    });

    it('lets a requester who is an approver reject their own request', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world, {
        policy: requireApproval({ approverUserIds: [ALICE.userId] }),
      });

      // Act
      const decided = await decide(world, item, { approver: ALICE.userId, verdict: 'rejected' });

      // Assess
      expect(decided.status).toBe('rejected');
    });
  });

  describe('the approval window', () => {
    it.each([
      ['at the moment it closes', 0],
      ['a millisecond after', 1],
      ['a day after', 24 * HOUR],
    ])('refuses a decision %s, handing nothing over', async (_, late) => {
      // Prepare
      const world = new World();
      const item = await pending(world);
      world.clock.set(new Date(Date.parse(item.expiresAt as string) + late));
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved' }),
      );

      // Assess
      expect(error).toBeInstanceOf(WrongStatusError);
      expect((error as Error).message).toContain(`expired at ${item.expiresAt}`);
      await expectNothingChanged(world, before);
    });

    it('takes a decision in its last millisecond', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world);
      world.clock.set(new Date(Date.parse(item.expiresAt as string) - 1));

      // Act
      const decided = await decide(world, item, { approver: BOB, verdict: 'approved' });

      // Assess
      expect(decided.status).toBe('approved');
    });

    it('refuses a decision on a request not yet waiting for approval', async () => {
      // Prepare
      const world = new World();
      const item = await world.received();
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved' }),
      );

      // Assess
      expect(error).toBeInstanceOf(WrongStatusError);
      expect((error as Error).message).toContain('not waiting for approval yet');
      await expectNothingChanged(world, before);
    });

    it('refuses any decision on an expired request, saying when it expired', async () => {
      // Prepare
      const world = new World();
      const item = await world.inStatus('expired');
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved' }),
      );

      // Assess
      expect(error).toBeInstanceOf(WrongStatusError);
      expect((error as Error).message).toContain(`expired at ${item.expiresAt}`);
      await expectNothingChanged(world, before);
    });

    it.each(['executing', 'completed', 'failed', 'denied', 'cancelled'] as const)(
      'refuses any decision on a %s request as already decided',
      async (status) => {
        // Prepare
        const world = new World();
        const item = await world.inStatus(status);
        const before = await world.snapshot(item.requestId);

        // Act
        const errors = await Promise.all(
          (['approved', 'rejected'] as const).map((verdict) =>
            refusal(() => decide(world, item, { approver: BOB, verdict })),
          ),
        );

        // Assess
        for (const error of errors) expect(error).toBeInstanceOf(AlreadyDecidedError);
        await expectNothingChanged(world, before);
      },
    );
  });

  describe('which tools', () => {
    it('narrows the approval to the tools the approver names', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world);

      // Act
      const decided = await decide(world, item, {
        approver: BOB,
        verdict: 'approved',
        allowedTools: [SUSPEND],
      });

      // Assess
      expect(decided.allowedTools).toEqual([SUSPEND]);
      expect(decided.decision?.allowedTools).toEqual([SUSPEND]);
    });

    it.each([
      ['a tool that was never requested', [RESET, 'aws__attach_admin_policy']],
      ['only unrequested tools', ['aws__attach_admin_policy']],
      ['a requested tool under another server', ['evil__reset_user_2fa']],
    ])('refuses approving %s, naming it', async (_, allowedTools) => {
      // Prepare
      const world = new World();
      const item = await pending(world);
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved', allowedTools }),
      );

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        {
          path: 'allowedTools',
          message: expect.stringContaining(
            allowedTools.filter((tool) => tool !== RESET).join(', '),
          ),
        },
      ]);
      await expectNothingChanged(world, before);
    });

    it('records a rejection as authorising no tools at all', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world);

      // Act
      const decided = await decide(world, item, {
        approver: BOB,
        verdict: 'rejected',
        allowedTools: [RESET],
      });

      // Assess
      expect(decided.decision?.allowedTools).toEqual([]);
    });
  });

  describe('quorum', () => {
    const quorumOf = (quorum: number) =>
      requireApproval({ approverUserIds: [BOB, CAROL, 'U_DAVE', 'U_ERIN'], quorum });

    it('waits for a second approver; the first one answering twice does not make two', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world, { policy: quorumOf(2) });

      // Act
      const first = await decide(world, item, { approver: BOB, verdict: 'approved' });
      const twice = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved' }),
      );
      const afterTwice = await world.stored(item.requestId);
      const second = await decide(world, item, { approver: CAROL, verdict: 'approved' });

      // Assess
      expect(first.status).toBe('pending');
      expect(twice).toBeInstanceOf(AlreadyDecidedError);
      expect(afterTwice.status).toBe('pending');
      expect(afterTwice.votes.map((vote) => vote.approver)).toEqual([BOB]);
      expect(second.status).toBe('approved');
      expect(second.decision?.approver).toBe(CAROL);
      expect(second.votes.map((vote) => vote.approver)).toEqual([BOB, CAROL]);
      expect(world.tokens.deliveries).toEqual([
        { taskToken: 'token-1', output: { verdict: 'approved' } },
      ]);
    });

    it.each([1, 2, 3, 4])('settles at exactly the %i-th distinct approver', async (quorum) => {
      // Prepare
      const world = new World();
      const item = await pending(world, { policy: quorumOf(quorum) });
      const approvers = [BOB, CAROL, 'U_DAVE', 'U_ERIN'];

      // Act
      const statuses: string[] = [];
      for (const approver of approvers) {
        const outcome = await decide(world, item, { approver, verdict: 'approved' }).catch(
          (error: unknown) => error,
        );
        statuses.push(outcome instanceof Error ? outcome.name : (outcome as ApprovalItem).status);
      }

      // Assess
      expect(statuses).toEqual(
        approvers.map((_, index) =>
          index + 1 < quorum
            ? 'pending'
            : index + 1 === quorum
              ? 'approved'
              : 'AlreadyDecidedError',
        ),
      );
      expect(world.tokens.deliveries).toHaveLength(1);
    });

    it('settles on the first rejection, whatever approvals came before', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world, { policy: quorumOf(3) });
      await decide(world, item, { approver: BOB, verdict: 'approved' });

      // Act
      const rejected = await decide(world, item, { approver: CAROL, verdict: 'rejected' });
      const late = await refusal(() =>
        decide(world, item, { approver: 'U_DAVE', verdict: 'approved' }),
      );

      // Assess
      expect(rejected.status).toBe('rejected');
      expect(rejected.decision?.approver).toBe(CAROL);
      expect(late).toBeInstanceOf(AlreadyDecidedError);
      expect(world.tokens.deliveries).toEqual([
        { taskToken: 'token-1', output: { verdict: 'rejected' } },
      ]);
    });

    it('lets exactly one of racing approvers settle a request, and hands over what it stored', async () => {
      // Prepare
      const world = new World();
      const item = await pending(world);

      // Act
      const outcomes = await Promise.allSettled([
        decide(world, item, { approver: BOB, verdict: 'approved' }),
        decide(world, item, { approver: CAROL, verdict: 'rejected' }),
      ]);

      // Assess
      const settled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(settled).toHaveLength(1);
      expect(refused.map((outcome) => outcome.reason)).toEqual([expect.any(AlreadyDecidedError)]);
      const stored = await world.stored(item.requestId);
      expect(world.tokens.deliveries).toEqual([
        { taskToken: 'token-1', output: { verdict: stored.status } },
      ]);
    });
  });

  describe('when handing the decision to the workflow fails', () => {
    async function failedHandOff() {
      const world = new World();
      const item = await pending(world);
      const fault = new Error('SendTaskSuccess: ServiceUnavailable');
      world.tokens.failNext(fault);
      const error = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved', comment: 'first try' }),
      );
      return { world, item, fault, error };
    }

    it('keeps the decision recorded and throws a RetryableError', async () => {
      // Act
      const { world, item, fault, error } = await failedHandOff();

      // Assess
      expect(error).toBeInstanceOf(RetryableError);
      expect((error as RetryableError).cause).toBe(fault);
      expect((error as Error).message).toContain(item.requestId);
      expect(await world.stored(item.requestId)).toMatchObject({
        status: 'approved',
        decision: { approver: BOB, comment: 'first try' },
      });
      expect(world.tokens.deliveries).toEqual([]);
    });

    it("hands the recorded decision over again on the same approver's retry", async () => {
      // Prepare
      const { world, item } = await failedHandOff();
      const recorded = await world.snapshot(item.requestId);
      world.clock.advance(5 * 60_000);

      // Act
      const retried = await decide(world, item, {
        approver: BOB,
        verdict: 'approved',
        comment: 'second try',
        allowedTools: [RESET],
      });

      // Assess
      expect(retried).toEqual(recorded.item);
      expect(await world.snapshot(item.requestId)).toEqual(recorded);
      expect(world.tokens.deliveries).toEqual([
        { taskToken: 'token-1', output: { verdict: 'approved' } },
      ]);
    });

    it.each<[string, Omit<ApproverDecision, 'requestId'>]>([
      ['another approver with the same verdict', { approver: CAROL, verdict: 'approved' }],
      ['another approver with the other verdict', { approver: CAROL, verdict: 'rejected' }],
      ['the same approver with the other verdict', { approver: BOB, verdict: 'rejected' }],
      ['someone who may not decide at all', { approver: MALLORY, verdict: 'approved' }],
    ])('refuses %s as already decided, handing nothing over', async (_, decision) => {
      // Prepare
      const { world, item } = await failedHandOff();
      const recorded = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() => decide(world, item, decision));

      // Assess
      expect(error).toBeInstanceOf(AlreadyDecidedError);
      await expectNothingChanged(world, recorded);
    });

    it('hands nothing over once the approval window has closed', async () => {
      // Prepare
      const { world, item } = await failedHandOff();
      const recorded = await world.snapshot(item.requestId);
      world.clock.set(item.expiresAt as string);

      // Act
      const error = await refusal(() =>
        decide(world, item, { approver: BOB, verdict: 'approved' }),
      );

      // Assess
      expect(error).toBeInstanceOf(AlreadyDecidedError);
      await expectNothingChanged(world, recorded);
    });
  });

  it('keeps a decision the workflow no longer waits for, for the re-driven step to find', async () => {
    // Prepare
    const world = new World();
    const item = await pending(world);
    world.tokens.stopWaiting('token-1');

    // Act
    const decided = await decide(world, item, { approver: BOB, verdict: 'approved' });

    // Assess
    expect(decided.status).toBe('approved');
    expect(world.tokens.deliveries).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a blank approver', { approver: '   ' }],
    ['an unknown verdict', { verdict: 'maybe' }],
    ['a request id that is not a ULID', { requestId: 'not-a-ulid' }],
    ['a comment over the limit', { comment: 'x'.repeat(LIMITS.comment + 1) }],
    ['a malformed tool name', { allowedTools: ['a b'] }],
  ])('refuses a decision with %s, changing nothing', async (_, override) => {
    // Prepare
    const world = new World();
    const item = await pending(world);
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() =>
      recordApproverDecision(deps(world), {
        requestId: item.requestId,
        approver: BOB,
        verdict: 'approved',
        ...override,
      } as ApproverDecision),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    await expectNothingChanged(world, before);
  });
});

describe('handOffDecision', () => {
  it.each(['received', 'pending', 'executing', 'completed', 'expired'] as const)(
    'hands nothing over for a %s request',
    async (status) => {
      // Prepare
      const world = new World();
      const item = await world.inStatus(status);

      // Act
      await handOffDecision(world.tokens, { ...item, taskToken: 'token-1' });

      // Assess
      expect(world.tokens.deliveries).toEqual([]);
    },
  );

  it('hands nothing over for a decided request without a token', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('approved');

    // Act
    await handOffDecision(world.tokens, { ...item, taskToken: undefined });

    // Assess
    expect(world.tokens.deliveries).toEqual([]);
  });
});
