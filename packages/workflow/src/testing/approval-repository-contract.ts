import {
  AlreadyDecidedError,
  AlreadyExistsError,
  type ApprovalItem,
  approvedCallsDigest,
  approvedDigestOf,
  CallsChangedError,
  type Decision,
  IllegalTransitionError,
  NotFoundError,
  newRequestId,
  type ProposedAction,
  type RequestStatus,
  StatusConflictError,
  ValidationError,
} from '@agentcore/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRepository, Clock } from '../ports.js';
import { ManualClock } from './manual-clock.js';

type NewApprovalInput = Parameters<ApprovalRepository['create']>[0];

/** Builds a fresh, empty repository whose writes take their time from `clock`. */
export type ApprovalRepositoryFactory = (clock: Clock) => Promise<ApprovalRepository>;

const TOOL = 'google_admin__reset_user_2fa';
const OTHER_TOOL = 'google_admin__suspend_user';
const SECOND = 1_000;

function proposedAction(overrides: Partial<ProposedAction> = {}): ProposedAction {
  return {
    requester: { userId: 'U_ALICE', email: 'alice@example.com', groups: ['ops'] },
    origin: { source: 'slack', channelId: 'C123', threadTs: '1700000000.000100' },
    query: 'reset 2FA for bob@example.com',
    summary: 'Turn off 2-step verification for bob@example.com',
    category: 'user_account_access',
    resource: 'bob@example.com',
    environment: 'dev',
    intendedTools: [TOOL, OTHER_TOOL],
    ...overrides,
  };
}

/** A well-formed approval; the malformed ones below each break one thing in it. */
const WELL_FORMED: Decision = {
  verdict: 'approved',
  approver: 'U_BOB',
  decidedAt: '2030-01-01T00:00:00.000Z',
  allowedTools: [TOOL],
};

/**
 * What `call` failed with, whether it threw or its promise was rejected (so a refusal is caught
 * right away, never left as an unhandled rejection); fails the test if `call` succeeded.
 */
async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

/**
 * The behaviour every ApprovalRepository shares, as vitest blocks: call it inside a test file
 * with a factory for the implementation under test. Each test gets a fresh repository and a
 * ManualClock starting at 2030-01-01.
 */
export function approvalRepositoryContract(makeRepository: ApprovalRepositoryFactory): void {
  describe('the ApprovalRepository contract', () => {
    let clock: ManualClock;
    let repository: ApprovalRepository;

    beforeEach(async () => {
      clock = new ManualClock('2030-01-01T00:00:00.000Z');
      repository = await makeRepository(clock.now);
    });

    function newApproval(): NewApprovalInput {
      const requestId = newRequestId(clock.now().getTime());
      const action = proposedAction();
      return {
        requestId,
        requester: action.requester,
        action,
        intendedTools: action.intendedTools,
        executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${requestId}`,
      };
    }

    function approve(approver: string, allowedTools = [TOOL, OTHER_TOOL]): Decision {
      return { verdict: 'approved', approver, decidedAt: clock.now().toISOString(), allowedTools };
    }

    function reject(approver: string, comment?: string): Decision {
      return {
        verdict: 'rejected',
        approver,
        decidedAt: clock.now().toISOString(),
        allowedTools: [],
        comment,
      };
    }

    async function stored(requestId: string): Promise<ApprovalItem> {
      const item = await repository.get(requestId);
      if (!item) throw new Error(`request ${requestId} is not stored`);
      return item;
    }

    async function pendingRequest(): Promise<ApprovalItem> {
      const created = await repository.create(newApproval(), 'api');
      await repository.transition(created.requestId, {
        from: 'received',
        to: 'pending',
        actor: 'approval',
        changes: { taskToken: 'token-1', allowedTools: created.intendedTools },
      });
      return stored(created.requestId);
    }

    describe('create', () => {
      it('records a new request as received, at version 1, stamped by the clock', async () => {
        // Prepare
        const input = newApproval();

        // Act
        const created = await repository.create(input, 'api');

        // Assess
        expect(created).toEqual({
          ...input,
          status: 'received',
          version: 1,
          createdAt: '2030-01-01T00:00:00.000Z',
          updatedAt: '2030-01-01T00:00:00.000Z',
          allowedTools: [],
          toolPins: {},
          votes: [],
          step: 1,
          earlierSteps: [],
        });
        expect(await repository.get(input.requestId)).toEqual(created);
      });

      it('returns the stored request when the same one is created again, as it is now', async () => {
        // Prepare
        const input = newApproval();
        const first = await repository.create(input, 'api');
        clock.advance(SECOND);

        // Act
        const again = await repository.create(input, 'api');
        await repository.transition(input.requestId, {
          from: 'received',
          to: 'pending',
          actor: 'approval',
        });
        const afterItMoved = await repository.create(input, 'api');

        // Assess
        expect(again).toEqual(first);
        expect(afterItMoved).toEqual(await stored(input.requestId));
        expect(afterItMoved).toMatchObject({ status: 'pending', version: 2 });
      });

      it('refuses the same request id with different content, keeping the stored one', async () => {
        // Prepare
        const input = newApproval();
        const first = await repository.create(input, 'api');

        // Act
        const otherAction = await refusal(() =>
          repository.create(
            { ...input, action: proposedAction({ query: 'something else entirely' }) },
            'api',
          ),
        );
        const otherExecution = await refusal(() =>
          repository.create({ ...input, executionArn: 'arn:other' }, 'api'),
        );

        // Assess
        expect(otherAction).toBeInstanceOf(AlreadyExistsError);
        expect(otherExecution).toBeInstanceOf(AlreadyExistsError);
        expect(await repository.get(input.requestId)).toEqual(first);
      });

      const invalid: [string, Record<string, unknown>][] = [
        ['a missing requester', { requester: undefined }],
        ['a request id that is not a ULID', { requestId: 'sha256-of-the-text' }],
        ['a tool name Bedrock would refuse', { intendedTools: ['google admin/reset 2fa!'] }],
        ['an oversized query', { action: proposedAction({ query: 'x'.repeat(20_000) }) }],
        ['a wrong type', { intendedTools: TOOL }],
        ['an empty execution ARN', { executionArn: '' }],
      ];

      it.each(invalid)(
        'refuses %s with a validation error, storing nothing',
        async (_, overrides) => {
          // Prepare
          const valid = newApproval();
          const input = { ...valid, ...overrides };

          // Act
          const refused = await refusal(() => repository.create(input as never, 'api'));

          // Assess
          expect(refused).toBeInstanceOf(ValidationError);
          expect(await repository.get(valid.requestId)).toBeUndefined();
        },
      );

      it('reports an unknown request as undefined', async () => {
        // Act
        const item = await repository.get(newApproval().requestId);

        // Assess
        expect(item).toBeUndefined();
      });
    });

    describe('transition', () => {
      it('moves the status, keeps the changes and every field it did not name', async () => {
        // Prepare
        const created = await repository.create(newApproval(), 'api');
        clock.advance(SECOND);

        // Act
        await repository.transition(created.requestId, {
          from: 'received',
          to: 'pending',
          actor: 'approval',
          changes: {
            taskToken: 'token-1',
            allowedTools: [TOOL],
            toolPins: { [TOOL]: 'sha256:abc' },
            expiresAt: '2030-01-01T01:00:01.000Z',
          },
        });

        // Assess
        expect(await stored(created.requestId)).toEqual({
          ...created,
          status: 'pending',
          version: 2,
          updatedAt: '2030-01-01T00:00:01.000Z',
          taskToken: 'token-1',
          allowedTools: [TOOL],
          toolPins: { [TOOL]: 'sha256:abc' },
          expiresAt: '2030-01-01T01:00:01.000Z',
        });
      });

      it('cannot clear a field: a change given as undefined leaves it as it was', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        await repository.transition(pending.requestId, {
          from: 'pending',
          to: 'expired',
          actor: 'workflow',
          changes: { taskToken: undefined, statusReason: 'nobody answered' },
        });

        // Assess
        expect(await stored(pending.requestId)).toMatchObject({
          status: 'expired',
          taskToken: 'token-1',
          statusReason: 'nobody answered',
        });
      });

      it('refuses a stale move with a status conflict naming both statuses', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const stale = await refusal(() =>
          repository.transition(pending.requestId, {
            from: 'received',
            to: 'executing',
            actor: 'execute',
          }),
        );

        // Assess
        expect(stale).toBeInstanceOf(StatusConflictError);
        expect(stale).toMatchObject({
          code: 'status_conflict',
          expected: 'received',
          actual: 'pending',
        });
        expect(await stored(pending.requestId)).toEqual(pending);
      });

      it('refuses a move the status table forbids, whatever is stored', async () => {
        // Prepare
        const pending = await pendingRequest();
        const rejected = await repository.recordDecision(pending.requestId, reject('U_BOB'), 1);
        const received = await repository.create(newApproval(), 'api');

        // Act
        const outOfTerminal = await refusal(() =>
          repository.transition(pending.requestId, {
            from: 'rejected',
            to: 'executing',
            actor: 'execute',
          }),
        );
        const skipping = await refusal(() =>
          repository.transition(received.requestId, {
            from: 'received',
            to: 'completed',
            actor: 'execute',
          }),
        );
        const staleOutOfTerminal = await refusal(() =>
          repository.transition(pending.requestId, {
            from: 'approved',
            to: 'executing',
            actor: 'execute',
          }),
        );

        // Assess
        expect(outOfTerminal).toBeInstanceOf(IllegalTransitionError);
        expect(skipping).toBeInstanceOf(IllegalTransitionError);
        expect(staleOutOfTerminal).toMatchObject({
          code: 'status_conflict',
          actual: 'rejected',
        });
        expect(await stored(pending.requestId)).toEqual(rejected);
        expect(await stored(received.requestId)).toEqual(received);
      });

      it('reports a missing request as not found', async () => {
        // Act
        const refused = await refusal(() =>
          repository.transition(newApproval().requestId, {
            from: 'received',
            to: 'pending',
            actor: 'approval',
          }),
        );

        // Assess
        expect(refused).toBeInstanceOf(NotFoundError);
      });

      const invalid: [string, Record<string, unknown>][] = [
        ['an unknown field', { changes: { status: 'completed' } }],
        ['an oversized reason', { changes: { statusReason: 'y'.repeat(5_000) } }],
        ['an empty actor', { actor: '' }],
        ['an unknown status', { to: 'done' }],
      ];

      it.each(invalid)('refuses a move carrying %s, changing nothing', async (_, overrides) => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const refused = await refusal(() =>
          repository.transition(pending.requestId, {
            from: 'pending',
            to: 'failed',
            actor: 'workflow',
            ...overrides,
          } as never),
        );

        // Assess
        expect(refused).toBeInstanceOf(ValidationError);
        expect(await stored(pending.requestId)).toEqual(pending);
      });
    });

    describe('startNextStep', () => {
      /** A request approved for step 1 and now executing it, as the executor leaves it. */
      async function executingApproved(): Promise<ApprovalItem> {
        const pending = await pendingRequest();
        await repository.amend(pending.requestId, {
          status: 'pending',
          actor: 'approval',
          changes: {
            policy: { outcome: 'require_approval', policyIds: ['p1'], reason: 'needs approval' },
            expiresAt: '2030-01-01T01:00:00.000Z',
          },
        });
        await repository.recordDecision(pending.requestId, approve('U_BOB'), 1);
        await repository.transition(pending.requestId, {
          from: 'approved',
          to: 'executing',
          actor: 'execute',
        });
        return stored(pending.requestId);
      }

      function finishedStep(item: ApprovalItem) {
        return {
          step: item.step,
          summary: item.action.summary,
          ...(item.policy ? { policy: item.policy } : {}),
          ...(item.decision ? { decision: item.decision } : {}),
          ...(item.approvedDigest ? { approvedDigest: item.approvedDigest } : {}),
          result: {
            outcome: 'completed' as const,
            output: 'looked up: bob is in group admins',
            toolCalls: [
              { tool: TOOL, arguments: { email: 'bob@example.com' }, ok: true, output: 'done' },
            ],
            startedAt: '2030-01-01T00:00:00.000Z',
            finishedAt: '2030-01-01T00:00:00.000Z',
          },
        };
      }

      function nextAction(item: ApprovalItem): ProposedAction {
        const { toolCalls: _calls, ...words } = item.action;
        return { ...words, nextStep: 'suspend bob now that the group is known' };
      }

      it('receives the request again for its next step, keeping the step that ran and none of its approval', async () => {
        // Prepare
        const executing = await executingApproved();
        clock.advance(SECOND);

        // Act
        await repository.startNextStep(executing.requestId, {
          actor: 'execute',
          finished: finishedStep(executing),
          action: nextAction(executing),
        });

        // Assess
        const next = await stored(executing.requestId);
        expect(next).toMatchObject({
          status: 'received',
          step: 2,
          votes: [],
          allowedTools: [],
          intendedTools: [],
          toolPins: {},
          earlierSteps: [finishedStep(executing)],
          action: nextAction(executing),
          version: executing.version + 1,
          updatedAt: '2030-01-01T00:00:01.000Z',
        });
        for (const field of ['policy', 'decision', 'approvedDigest', 'expiresAt', 'taskToken']) {
          expect(next, field).not.toHaveProperty(field);
        }
      });

      it('refuses a request that is not executing the step that finished, changing nothing', async () => {
        // Prepare
        const executing = await executingApproved();
        const pending = await pendingRequest();

        // Act
        const notExecuting = await refusal(() =>
          repository.startNextStep(pending.requestId, {
            actor: 'execute',
            finished: finishedStep(pending),
            action: nextAction(pending),
          }),
        );
        const otherStep = await refusal(() =>
          repository.startNextStep(executing.requestId, {
            actor: 'execute',
            finished: { ...finishedStep(executing), step: 2 },
            action: nextAction(executing),
          }),
        );

        // Assess
        expect(notExecuting).toBeInstanceOf(StatusConflictError);
        expect(otherStep).toBeInstanceOf(StatusConflictError);
        expect(await stored(pending.requestId)).toEqual(pending);
        expect(await stored(executing.requestId)).toEqual(executing);
      });

      it('refuses a next action that already names calls: the next step is planned and judged anew', async () => {
        // Prepare
        const executing = await executingApproved();

        // Act
        const refused = await refusal(() =>
          repository.startNextStep(executing.requestId, {
            actor: 'execute',
            finished: finishedStep(executing),
            action: executing.action.toolCalls
              ? executing.action
              : { ...executing.action, toolCalls: [{ tool: TOOL, arguments: {} }] },
          }),
        );

        // Assess
        expect(refused).toBeInstanceOf(Error);
        expect(await stored(executing.requestId)).toEqual(executing);
      });
    });

    describe('amend', () => {
      it('changes fields while the request is still in the given status, not the status', async () => {
        // Prepare
        const pending = await pendingRequest();
        clock.advance(SECOND);

        // Act
        await repository.amend(pending.requestId, {
          status: 'pending',
          actor: 'approval',
          changes: { taskToken: 'token-after-restart' },
        });

        // Assess
        expect(await stored(pending.requestId)).toEqual({
          ...pending,
          taskToken: 'token-after-restart',
          version: pending.version + 1,
          updatedAt: '2030-01-01T00:00:01.000Z',
        });
      });

      it('refuses an amendment once the request left the given status', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const stale = await refusal(() =>
          repository.amend(pending.requestId, {
            status: 'received',
            actor: 'policy',
            changes: { statusReason: 'looked at by policy' },
          }),
        );

        // Assess
        expect(stale).toBeInstanceOf(StatusConflictError);
        expect(stale).toMatchObject({ expected: 'received', actual: 'pending' });
        expect(await stored(pending.requestId)).toEqual(pending);
      });

      it('refuses an unknown field, and reports a missing request as not found', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const unknownField = await refusal(() =>
          repository.amend(pending.requestId, {
            status: 'pending',
            actor: 'approval',
            changes: { createdAt: '2030-01-01T00:00:00.000Z' } as never,
          }),
        );
        const missing = await refusal(() =>
          repository.amend(newApproval().requestId, {
            status: 'pending',
            actor: 'approval',
            changes: { taskToken: 't' },
          }),
        );

        // Assess
        expect(unknownField).toBeInstanceOf(ValidationError);
        expect(missing).toBeInstanceOf(NotFoundError);
        expect(await stored(pending.requestId)).toEqual(pending);
      });
    });

    describe('recordDecision', () => {
      it('approves on the deciding approval, authorising the tools it names', async () => {
        // Prepare
        const pending = await pendingRequest();
        clock.advance(SECOND);
        const decision = approve('U_BOB', [TOOL]);

        // Act
        const approved = await repository.recordDecision(pending.requestId, decision, 1);

        // Assess
        expect(approved).toEqual({
          ...pending,
          status: 'approved',
          decision,
          votes: [decision],
          allowedTools: [TOOL],
          approvedDigest: approvedDigestOf(pending),
          version: pending.version + 1,
          updatedAt: '2030-01-01T00:00:01.000Z',
        });
        expect(await stored(pending.requestId)).toEqual(approved);
      });

      it('counts a vote only for the calls it was given the digest of', async () => {
        // Prepare: one approver read the calls before they changed, another read them as they are.
        const pending = await pendingRequest();
        clock.advance(SECOND);
        const stale = { ...approve('U_BOB'), callsDigest: 'f'.repeat(64) };
        const current = { ...approve('U_CAROL'), callsDigest: approvedDigestOf(pending) };

        // Act
        const refused = await refusal(() => repository.recordDecision(pending.requestId, stale, 2));
        const counted = await repository.recordDecision(pending.requestId, current, 2);

        // Assess
        expect(refused).toBeInstanceOf(CallsChangedError);
        expect(counted.votes).toEqual([current]);
        expect(counted.status).toBe('pending');
      });

      it('binds the approval to the exact calls, tool pins and policy version it was given', async () => {
        // Prepare
        const calls = [{ tool: TOOL, arguments: { email: 'bob@example.com' } }];
        const pins = { [TOOL]: 'pin-of-reset' };
        const pendingWith = async (policyVersion: number) => {
          const input = newApproval();
          const created = await repository.create(
            { ...input, action: { ...input.action, toolCalls: calls } },
            'api',
          );
          await repository.transition(created.requestId, {
            from: 'received',
            to: 'pending',
            actor: 'approval',
            changes: {
              taskToken: 'token-1',
              allowedTools: created.intendedTools,
              toolPins: pins,
              policy: { outcome: 'require_approval', reason: 'needs a person', policyVersion },
            },
          });
          return created.requestId;
        };
        const first = await pendingWith(7);
        const second = await pendingWith(8);

        // Act
        const approved = await repository.recordDecision(first, approve('U_BOB'), 1);
        const otherVersion = await repository.recordDecision(second, approve('U_BOB'), 1);
        const voted = await repository.recordDecision(
          (await pendingRequest()).requestId,
          approve('U_BOB'),
          2,
        );

        // Assess
        expect(approved.approvedDigest).toBe(
          approvedCallsDigest({ calls, toolPins: pins, policyVersion: 7 }),
        );
        expect(otherVersion.approvedDigest).not.toBe(approved.approvedDigest);
        expect(voted.approvedDigest).toBeUndefined();
      });

      it('rejects on the first rejection whatever the quorum, leaving the tools as they were', async () => {
        // Prepare
        const pending = await pendingRequest();
        await repository.recordDecision(pending.requestId, approve('U1'), 3);

        // Act
        const rejected = await repository.recordDecision(pending.requestId, reject('U2', 'no'), 3);

        // Assess
        expect(rejected.status).toBe('rejected');
        expect(rejected.decision).toMatchObject({ approver: 'U2', comment: 'no' });
        expect(rejected.votes.map((vote) => vote.approver)).toEqual(['U1', 'U2']);
        expect(rejected.allowedTools).toEqual(pending.allowedTools);
        expect(await stored(pending.requestId)).toEqual(rejected);
      });

      it('stays pending until the quorum is reached; the approval reaching it decides', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const afterFirst = await repository.recordDecision(pending.requestId, approve('U1'), 2);
        const afterSecond = await repository.recordDecision(
          pending.requestId,
          approve('U2', [TOOL]),
          2,
        );

        // Assess
        expect(afterFirst.status).toBe('pending');
        expect(afterFirst.votes.map((vote) => vote.approver)).toEqual(['U1']);
        expect(afterFirst.decision).toBeUndefined();
        expect(afterFirst.allowedTools).toEqual(pending.allowedTools);
        expect(afterSecond.status).toBe('approved');
        expect(afterSecond.decision?.approver).toBe('U2');
        expect(afterSecond.allowedTools).toEqual([TOOL]);
        expect(afterSecond.version).toBe(pending.version + 2);
        expect(afterSecond).toEqual(await stored(pending.requestId));
      });

      it('authorises only the tools every approving vote approved', async () => {
        // Prepare: two approvals needed; each approves a different part.
        const pending = await pendingRequest();
        await repository.recordDecision(pending.requestId, approve('U1', [TOOL]), 2);

        // Act
        const settled = await repository.recordDecision(
          pending.requestId,
          approve('U2', [TOOL, OTHER_TOOL]),
          2,
        );

        // Assess: the tool only one person approved is not authorised.
        expect(settled.status).toBe('approved');
        expect(settled.allowedTools).toEqual([TOOL]);
        expect(await stored(pending.requestId)).toEqual(settled);
      });

      it('does not count the same approver twice', async () => {
        // Prepare
        const pending = await pendingRequest();
        await repository.recordDecision(pending.requestId, approve('U1'), 2);
        const afterVote = await stored(pending.requestId);

        // Act
        const again = await refusal(() =>
          repository.recordDecision(pending.requestId, approve('U1'), 2),
        );
        const changedMind = await refusal(() =>
          repository.recordDecision(pending.requestId, reject('U1'), 2),
        );

        // Assess
        expect(again).toBeInstanceOf(AlreadyDecidedError);
        expect(changedMind).toBeInstanceOf(AlreadyDecidedError);
        expect(await stored(pending.requestId)).toEqual(afterVote);
      });

      it('refuses any decision on a request that is not pending', async () => {
        // Prepare
        const decided = await pendingRequest();
        await repository.recordDecision(decided.requestId, approve('U1'), 1);
        const received = await repository.create(newApproval(), 'api');

        // Act
        const second = await refusal(() =>
          repository.recordDecision(decided.requestId, reject('U2'), 1),
        );
        const early = await refusal(() =>
          repository.recordDecision(received.requestId, approve('U1'), 1),
        );
        const missing = await refusal(() =>
          repository.recordDecision(newApproval().requestId, approve('U1'), 1),
        );

        // Assess
        expect(second).toBeInstanceOf(AlreadyDecidedError);
        expect(early).toBeInstanceOf(AlreadyDecidedError);
        expect(missing).toBeInstanceOf(NotFoundError);
        expect((await stored(decided.requestId)).decision?.approver).toBe('U1');
        expect(await stored(received.requestId)).toEqual(received);
      });

      it('counts from what is stored, not from a stale copy the caller passes', async () => {
        // Prepare
        const pending = await pendingRequest();
        await repository.recordDecision(pending.requestId, approve('U1'), 2);

        // Act
        const repeated = await refusal(() =>
          repository.recordDecision(pending.requestId, approve('U1'), 2, pending),
        );
        const deciding = await repository.recordDecision(
          pending.requestId,
          approve('U2'),
          2,
          pending,
        );

        // Assess
        expect(repeated).toBeInstanceOf(AlreadyDecidedError);
        expect(deciding.status).toBe('approved');
        expect(deciding.votes.map((vote) => vote.approver)).toEqual(['U1', 'U2']);
        expect(deciding).toEqual(await stored(pending.requestId));
      });

      it('lets exactly one of 50 concurrent deciders decide', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const attempts = await Promise.allSettled(
          Array.from({ length: 50 }, (_, index) =>
            repository.recordDecision(
              pending.requestId,
              index % 2 === 0 ? approve(`U${index}`) : reject(`U${index}`),
              1,
            ),
          ),
        );

        // Assess
        const won = attempts.flatMap((attempt) =>
          attempt.status === 'fulfilled' ? [attempt.value] : [],
        );
        const lost = attempts.flatMap((attempt) =>
          attempt.status === 'rejected' ? [attempt.reason] : [],
        );
        expect(won).toHaveLength(1);
        for (const reason of lost) expect(reason).toBeInstanceOf(AlreadyDecidedError);
        const item = await stored(pending.requestId);
        expect(item).toEqual(won[0]);
        expect(item.votes).toHaveLength(1);
        expect(item.status).toBe(item.decision?.verdict);
      });

      it('lets exactly the quorum of 50 racing approvers count, once each', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const attempts = await Promise.allSettled(
          Array.from({ length: 50 }, (_, index) =>
            repository.recordDecision(pending.requestId, approve(`U${index}`), 3),
          ),
        );

        // Assess
        expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(3);
        for (const attempt of attempts) {
          if (attempt.status === 'rejected') {
            expect(attempt.reason).toBeInstanceOf(AlreadyDecidedError);
          }
        }
        const item = await stored(pending.requestId);
        expect(item.status).toBe('approved');
        expect(new Set(item.votes.map((vote) => vote.approver)).size).toBe(3);
        expect(item.decision).toEqual(item.votes.at(-1));
        expect(item.version).toBe(pending.version + 3);
      });

      const malformed: [string, Decision, number][] = [
        ['a blank approver', { ...WELL_FORMED, approver: ' ' }, 1],
        ['an unknown verdict', { ...WELL_FORMED, verdict: 'maybe' } as never, 1],
        ['a time that is not one', { ...WELL_FORMED, decidedAt: 'now' }, 1],
        ['a tool name Bedrock would refuse', { ...WELL_FORMED, allowedTools: ['a b'] }, 1],
        ['a quorum of 0', WELL_FORMED, 0],
        ['a quorum of 11', WELL_FORMED, 11],
        ['a fractional quorum', WELL_FORMED, 1.5],
      ];

      it.each(malformed)('refuses %s, changing nothing', async (_, decision, quorum) => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const refused = await refusal(() =>
          repository.recordDecision(pending.requestId, decision, quorum),
        );

        // Assess
        expect(refused).toBeInstanceOf(ValidationError);
        expect(await stored(pending.requestId)).toEqual(pending);
      });
    });

    describe('listByStatus', () => {
      async function createOnePerSecond(count: number): Promise<string[]> {
        const ids: string[] = [];
        for (let index = 0; index < count; index++) {
          clock.advance(SECOND);
          ids.push((await repository.create(newApproval(), 'cli')).requestId);
        }
        return ids;
      }

      async function allPages(status: RequestStatus, limit: number) {
        const pages: ApprovalItem[][] = [];
        let cursor: string | undefined;
        do {
          const page = await repository.listByStatus(status, { limit, cursor });
          pages.push(page.items);
          cursor = page.nextCursor;
        } while (cursor !== undefined && pages.length < 20);
        return { pages, cursor };
      }

      it('lists one status newest first, a page at a time, until no cursor is left', async () => {
        // Prepare
        const ids = await createOnePerSecond(5);
        const [moved] = ids as [string];
        await repository.transition(moved, { from: 'received', to: 'pending', actor: 'approval' });

        // Act
        const first = await repository.listByStatus('received', { limit: 2 });
        const received = await allPages('received', 2);
        const pending = await repository.listByStatus('pending', {});

        // Assess
        expect(first.items).toHaveLength(2);
        expect(first.nextCursor).toEqual(expect.any(String));
        expect(received.cursor).toBeUndefined();
        for (const page of received.pages) expect(page.length).toBeLessThanOrEqual(2);
        const listed = received.pages.flat().map((item) => item.requestId);
        expect(listed).toEqual(ids.slice(1).reverse());
        expect(pending.items).toEqual([await stored(moved)]);
        expect(pending.nextCursor).toBeUndefined();
      });

      it('lists the items as stored', async () => {
        // Prepare
        const pending = await pendingRequest();

        // Act
        const page = await repository.listByStatus('pending', { limit: 10 });

        // Assess
        expect(page).toEqual({ items: [pending] });
      });

      it('gives an empty page for a status nobody is in', async () => {
        // Prepare
        await createOnePerSecond(1);

        // Act
        const page = await repository.listByStatus('completed', {});

        // Assess
        expect(page).toEqual({ items: [] });
      });

      const badOptions: [string, RequestStatus, { limit?: number; cursor?: string }][] = [
        ['a cursor it did not issue', 'pending', { cursor: 'not-a-cursor' }],
        ['a limit of 0', 'pending', { limit: 0 }],
        ['a limit over 100', 'pending', { limit: 101 }],
        ['an unknown status', 'done' as never, {}],
      ];

      it.each(badOptions)('refuses %s', async (_, status, options) => {
        // Act
        const refused = await refusal(() => repository.listByStatus(status, options));

        // Assess
        expect(refused).toBeInstanceOf(ValidationError);
      });
    });

    describe('listByRequester', () => {
      it("lists one requester's requests newest first, a page at a time, and no one else's", async () => {
        // Prepare
        const mine: string[] = [];
        for (let index = 0; index < 3; index++) {
          clock.advance(SECOND);
          mine.push((await repository.create(newApproval(), 'cli')).requestId);
          clock.advance(SECOND);
          const other = newApproval();
          await repository.create(
            { ...other, requester: { userId: 'U_SOMEONE_ELSE', groups: [] } },
            'cli',
          );
        }
        const requesterId = proposedAction().requester.userId;

        // Act
        const first = await repository.listByRequester(requesterId, { limit: 2 });
        const second = await repository.listByRequester(requesterId, {
          limit: 2,
          cursor: first.nextCursor,
        });
        const nobody = await repository.listByRequester('U_NOBODY', {});

        // Assess
        expect([...first.items, ...second.items].map((item) => item.requestId)).toEqual(
          [...mine].reverse(),
        );
        expect(second.nextCursor).toBeUndefined();
        expect(nobody).toEqual({ items: [] });
      });

      it('refuses a cursor it did not issue', async () => {
        // Act
        const refused = await refusal(() =>
          repository.listByRequester('U_ANYONE', { cursor: 'not-a-cursor' }),
        );

        // Assess
        expect(refused).toBeInstanceOf(ValidationError);
      });
    });

    describe('refusals', () => {
      it('come as rejected promises, never as a throw from the call itself', async () => {
        // Prepare
        const pending = await pendingRequest();
        // Every method that validates what it is given, with input it refuses.
        const calls: Record<Exclude<keyof ApprovalRepository, 'get'>, () => Promise<unknown>> = {
          create: () => repository.create({} as never, 'api'),
          transition: () =>
            repository.transition(pending.requestId, { from: 'pending', to: 'nowhere' } as never),
          amend: () => repository.amend(pending.requestId, {} as never),
          startNextStep: () => repository.startNextStep(pending.requestId, {} as never),
          recordDecision: () => repository.recordDecision(pending.requestId, {} as never, 1),
          listByStatus: () => repository.listByStatus('nowhere' as never, {}),
          listByRequester: () => repository.listByRequester('', { limit: 0 }),
        };

        // Act
        const outcomes = Object.entries(calls).map(([method, call]) => {
          try {
            call().catch(() => undefined);
            return [method, 'a promise'];
          } catch {
            return [method, 'a throw'];
          }
        });

        // Assess
        expect(Object.fromEntries(outcomes)).toEqual({
          create: 'a promise',
          transition: 'a promise',
          amend: 'a promise',
          startNextStep: 'a promise',
          recordDecision: 'a promise',
          listByStatus: 'a promise',
          listByRequester: 'a promise',
        });
      });
    });

    describe('stored copies', () => {
      it('never share objects with callers', async () => {
        // Prepare
        const input = newApproval();
        const vote = approve('U1');

        // Act
        const created = await repository.create(input, 'api');
        const snapshot = structuredClone(created);
        const again = await repository.create(input, 'api');
        again.toolPins.mutated = 'by the caller';
        input.intendedTools.push('input__mutated');
        input.requester.groups.push('input-mutated');
        created.intendedTools.push('created__mutated');
        (await stored(created.requestId)).action.summary = 'mutated by a reader';
        await repository.transition(created.requestId, {
          from: 'received',
          to: 'pending',
          actor: 'approval',
        });
        const [listed] = (await repository.listByStatus('pending', {})).items;
        listed?.requester.groups.push('listed-mutated');
        const voted = await repository.recordDecision(created.requestId, vote, 2);
        vote.allowedTools.push('vote__mutated');
        voted.votes.length = 0;

        // Assess
        expect(await stored(created.requestId)).toEqual({
          ...snapshot,
          status: 'pending',
          votes: [approve('U1')],
          version: 3,
        });
      });
    });
  });
}
