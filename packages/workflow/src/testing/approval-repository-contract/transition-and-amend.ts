import {
  IllegalTransitionError,
  NotFoundError,
  StatusConflictError,
  ValidationError,
} from '@agentcore/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRepository } from '../../ports.js';
import type { ManualClock } from '../manual-clock.js';
import { type ContractFixture, refusal, SECOND, TOOL } from './support.js';

/** Status transitions by conditional write, and amending the calls before a decision. */
export function transitionAndAmendContract(fixture: ContractFixture): void {
  const { newApproval, reject, stored, pendingRequest } = fixture;
  let clock: ManualClock;
  let repository: ApprovalRepository;

  beforeEach(() => {
    ({ clock, repository } = fixture.current());
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
}
