import {
  AlreadyDecidedError,
  approvedCallsDigest,
  approvedDigestOf,
  CallsChangedError,
  type Decision,
  NotFoundError,
  ValidationError,
} from '@agentcore/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRepository } from '../../ports.js';
import type { ManualClock } from '../manual-clock.js';
import { type ContractFixture, OTHER_TOOL, refusal, SECOND, TOOL, WELL_FORMED } from './support.js';

/** Recording decisions: approver rules, quorum, and exactly-once votes. */
export function decisionsAndQuorumContract(fixture: ContractFixture): void {
  const { newApproval, approve, reject, stored, pendingRequest } = fixture;
  let clock: ManualClock;
  let repository: ApprovalRepository;

  beforeEach(() => {
    ({ clock, repository } = fixture.current());
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
}
