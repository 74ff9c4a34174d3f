import { type ApprovalItem, type ProposedAction, StatusConflictError } from '@agentcore/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRepository } from '../../ports.js';
import type { ManualClock } from '../manual-clock.js';
import { type ContractFixture, refusal, SECOND, TOOL } from './support.js';

/** Moving an executing request on to its next approved step. */
export function startNextStepContract(fixture: ContractFixture): void {
  const { approve, stored, pendingRequest } = fixture;
  let clock: ManualClock;
  let repository: ApprovalRepository;

  beforeEach(() => {
    ({ clock, repository } = fixture.current());
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
}
