import { NotFoundError, newRequestId, RetryableError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { redriveRequest, WrongStatusError } from '../../src/index.js';
import { refusal, World } from '../support/world.js';

function deps(world: World) {
  return { approvals: world.approvals, executions: world.executions };
}

describe('redriveRequest', () => {
  it.each(['received', 'approved'] as const)(
    'hands a %s request to its one workflow, starting it at most once',
    async (status) => {
      // Prepare
      const world = new World();
      const item = await world.inStatus(status);

      // Act
      const first = await redriveRequest(deps(world), item.requestId);
      const again = await redriveRequest(deps(world), item.requestId);

      // Assess
      expect(first).toEqual({ item, executionArn: item.executionArn });
      expect(again).toEqual(first);
      expect(world.executions.started).toEqual([item.requestId]);
      expect(await world.stored(item.requestId)).toEqual(item);
    },
  );

  it('refuses a request waiting for approval: it runs once approved', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending');

    // Act
    const error = await refusal(() => redriveRequest(deps(world), item.requestId));

    // Assess
    expect(error).toBeInstanceOf(WrongStatusError);
    expect(world.executions.started).toEqual([]);
  });

  it.each([
    'executing',
    'completed',
    'failed',
    'rejected',
    'expired',
    'denied',
    'cancelled',
  ] as const)('answers with a %s request as it is, starting nothing', async (status) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus(status);

    // Act
    const outcome = await redriveRequest(deps(world), item.requestId);

    // Assess
    expect(outcome).toEqual({ item });
    expect(world.executions.started).toEqual([]);
  });

  it('answers NotFoundError for a request nobody recorded', async () => {
    // Act
    const error = await refusal(() => redriveRequest(deps(new World()), newRequestId(0)));

    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('passes a failed start on for the caller to retry, changing nothing', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('approved');
    const outage = new RetryableError('StartExecution throttled');
    world.executions.failNext(outage);
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() => redriveRequest(deps(world), item.requestId));

    // Assess
    expect(error).toBe(outage);
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });
});
