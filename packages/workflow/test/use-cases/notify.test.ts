import { isTerminal, RequestStatusSchema, RetryableError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { notifyRequester, WrongStatusError } from '../../src/index.js';
import { ownStep, refusal, World } from '../support/world.js';

const TERMINAL = RequestStatusSchema.options.filter((status) => isTerminal(status));
const NON_TERMINAL = RequestStatusSchema.options.filter((status) => !isTerminal(status));

function deps(world: World) {
  return { approvals: world.approvals, notifier: world.notifier };
}

describe('notifyRequester', () => {
  it.each(TERMINAL)('tells the requester how a %s request ended, as stored', async (status) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus(status);

    // Act
    await notifyRequester(deps(world), ownStep(item));

    // Assess
    expect(world.notifier.finishedItems).toEqual([item]);
    expect(await world.stored(item.requestId)).toEqual(item);
  });

  it.each(NON_TERMINAL)('refuses to report a request still %s, telling nobody', async (status) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus(status);

    // Act
    const error = await refusal(() => notifyRequester(deps(world), ownStep(item)));

    // Assess
    expect(error).toBeInstanceOf(WrongStatusError);
    expect((error as Error).message).toContain(`still ${status}`);
    expect(world.notifier.finishedItems).toEqual([]);
  });

  it('passes a failed delivery on for the state machine to retry, then tells them once', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('completed');
    const outage = new RetryableError('SNS unavailable');
    world.notifier.failNext('finished', outage);

    // Act
    const error = await refusal(() => notifyRequester(deps(world), ownStep(item)));
    await notifyRequester(deps(world), ownStep(item));

    // Assess
    expect(error).toBe(outage);
    expect(world.notifier.finishedItems).toEqual([item]);
  });
});
