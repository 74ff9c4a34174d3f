import { RetryableError, ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  type CancelDeps,
  cancelRequest,
  NotAuthorisedError,
  WrongStatusError,
} from '../../src/index.js';
import { ALICE, BOB, refusal, World } from '../support/world.js';

function deps(world: World): CancelDeps {
  return { approvals: world.approvals, tokens: world.tokens };
}

describe('cancelRequest', () => {
  it('ends a waiting request cancelled, by its requester, and tells the waiting workflow', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { taskToken: 'token-1' });

    // Act
    const cancelled = await cancelRequest(deps(world), {
      requestId: item.requestId,
      requesterId: ALICE.userId,
    });

    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusReason).toBe(`cancelled by ${ALICE.userId}`);
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'token-1', output: { verdict: 'cancelled' } },
    ]);
    expect((await world.approvals.list(item.requestId)).at(-1)).toMatchObject({
      type: 'request.status_changed',
      actor: ALICE.userId,
      data: { from: 'pending', to: 'cancelled' },
    });
  });

  it('refuses anyone but the requester, and changes nothing', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { taskToken: 'token-1' });
    const before = await world.snapshot(item.requestId);

    // Act
    const refused = await refusal(() =>
      cancelRequest(deps(world), { requestId: item.requestId, requesterId: BOB }),
    );

    // Assess
    expect(refused).toBeInstanceOf(NotAuthorisedError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
    expect(world.tokens.deliveries).toEqual([]);
  });

  it.each(['received', 'approved', 'executing', 'completed', 'rejected'] as const)(
    'refuses a request that is %s',
    async (status) => {
      // Prepare
      const world = new World();
      const item = await world.inStatus(status);

      // Act
      const refused = await refusal(() =>
        cancelRequest(deps(world), { requestId: item.requestId, requesterId: ALICE.userId }),
      );

      // Assess
      expect(refused).toBeInstanceOf(WrongStatusError);
      expect((await world.approvals.get(item.requestId))?.status).toBe(status);
    },
  );

  it('keeps the cancellation when telling the workflow fails, and tells it on a retry', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { taskToken: 'token-1' });
    world.tokens.failNext(new Error('connection reset'));

    // Act
    const first = await refusal(() =>
      cancelRequest(deps(world), { requestId: item.requestId, requesterId: ALICE.userId }),
    );
    const retried = await cancelRequest(deps(world), {
      requestId: item.requestId,
      requesterId: ALICE.userId,
    });

    // Assess
    expect(first).toBeInstanceOf(RetryableError);
    expect(retried.status).toBe('cancelled');
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'token-1', output: { verdict: 'cancelled' } },
    ]);
  });

  it('refuses a malformed request id', async () => {
    const refused = await refusal(() =>
      cancelRequest(deps(new World()), { requestId: 'nope', requesterId: ALICE.userId }),
    );

    expect(refused).toBeInstanceOf(ValidationError);
  });
});
