import {
  isTerminal,
  LIMITS,
  type RequestStatus,
  RequestStatusSchema,
  ValidationError,
} from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  executeRequest,
  expireRequest,
  failRequest,
  notifyRequester,
  outcomeMessage,
  recordApproverDecision,
} from '../../src/index.js';
import { executeDeps } from '../support/execute.js';
import { InMemoryTools } from '../support/tools.js';
import { BOB, HOUR, ownStep, RESET, refusal, SUSPEND, World } from '../support/world.js';

const NON_TERMINAL = RequestStatusSchema.options.filter((status) => !isTerminal(status));
const TERMINAL = RequestStatusSchema.options.filter((status) => isTerminal(status));

describe('failRequest (the MarkFailed state)', () => {
  it.each(NON_TERMINAL)('fails a %s request, recording why', async (status) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus(status);

    // Act
    await failRequest(world.approvals, ownStep(item), {
      Error: 'States.Timeout',
      Cause: 'Task timed out after 60 seconds',
    });

    // Assess
    const failed = await world.stored(item.requestId);
    expect(failed).toMatchObject({
      status: 'failed',
      statusReason: 'States.Timeout: Task timed out after 60 seconds',
      version: item.version + 1,
    });
    expect(world.approvals.auditEvents(item.requestId).at(-1)).toEqual({
      requestId: item.requestId,
      type: 'request.status_changed',
      actor: 'workflow',
      data: {
        from: status,
        to: 'failed',
        reason: 'States.Timeout: Task timed out after 60 seconds',
      },
    });
  });

  it.each(TERMINAL)('leaves a request that already ended %s alone', async (status) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus(status);
    const before = await world.snapshot(item.requestId);

    // Act
    await failRequest(world.approvals, ownStep(item), { Error: 'Lambda.Unknown' });

    // Assess
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });

  it.each<[string, { Error: string; Cause?: string }, string]>([
    [
      "a Lambda error's JSON Cause, by its errorMessage",
      {
        Error: 'WrongStatusError',
        Cause: JSON.stringify({
          errorType: 'WrongStatusError',
          errorMessage: 'request is pending; it cannot be executed',
          trace: ['WrongStatusError: request is pending', '    at executeRequest (execute.ts:1:1)'],
        }),
      },
      'WrongStatusError: request is pending; it cannot be executed',
    ],
    [
      'a plain-text Cause as it is',
      { Error: 'UnknownOutcome', Cause: 'policy returned an outcome the workflow does not know' },
      'UnknownOutcome: policy returned an outcome the workflow does not know',
    ],
    ['no Cause, by the error name', { Error: 'States.Timeout' }, 'States.Timeout'],
    ['an empty Cause, by the error name', { Error: 'States.Timeout', Cause: '' }, 'States.Timeout'],
    [
      'JSON whose errorMessage is not text, as raw text',
      { Error: 'Lambda.Unknown', Cause: '{"errorMessage":42}' },
      'Lambda.Unknown: {"errorMessage":42}',
    ],
    ['a JSON null Cause, as raw text', { Error: 'X', Cause: 'null' }, 'X: null'],
    ['a JSON string Cause, as raw text', { Error: 'X', Cause: '"boom"' }, 'X: "boom"'],
  ])('reads %s', async (_, error, reason) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('executing');

    // Act
    await failRequest(world.approvals, ownStep(item), error);

    // Assess
    expect((await world.stored(item.requestId)).statusReason).toBe(reason);
  });

  it('keeps the recorded reason within the stored limit, however long the cause', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending');
    const huge = JSON.stringify({ errorMessage: 'x'.repeat(LIMITS.comment * 3) });

    // Act
    await failRequest(world.approvals, ownStep(item), { Error: 'Huge', Cause: huge });

    // Assess
    const failed = await world.stored(item.requestId);
    expect(failed.status).toBe('failed');
    expect(failed.statusReason).toHaveLength(LIMITS.comment);
    expect(failed.statusReason?.startsWith('Huge: xxx')).toBe(true);
  });

  it.each<[string, unknown]>([
    ['no error name', { Cause: 'x' }],
    ['a non-text cause', { Error: 'X', Cause: { errorMessage: 'x' } }],
  ])('refuses an error input with %s, changing nothing', async (_, error) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('approved');
    const before = await world.snapshot(item.requestId);

    // Act
    const refused = await refusal(() =>
      failRequest(world.approvals, ownStep(item), error as { Error: string }),
    );

    // Assess
    expect(refused).toBeInstanceOf(ValidationError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });
});

describe('expireRequest (the MarkExpired state)', () => {
  it('expires a request still pending when the window closes', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending');
    world.clock.advance(HOUR);

    // Act
    await expireRequest(world.approvals, ownStep(item));

    // Assess
    expect(await world.stored(item.requestId)).toMatchObject({
      status: 'expired',
      statusReason: 'no decision before the approval expired',
      version: item.version + 1,
    });
  });

  it('fails, and never executes, a request approved as the window closed', async () => {
    // Prepare: approved in the last millisecond, while the wait was already timing out
    const world = new World();
    const item = await world.inStatus('pending');
    world.tokens.stopWaiting(item.taskToken as string);
    world.clock.advance(HOUR - 1);
    await recordApproverDecision(
      {
        approvals: world.approvals,
        tokens: world.tokens,
        directory: world.directory,
        clock: world.clock.now,
      },
      { requestId: item.requestId, approver: BOB, verdict: 'approved' },
    );
    world.clock.advance(1);
    const tools = new InMemoryTools({
      [RESET]: () => ({ text: 'reset' }),
      [SUSPEND]: () => ({ text: 'ok' }),
    });

    // Act
    await expireRequest(world.approvals, ownStep(item));
    const late = await executeRequest(executeDeps(world, tools), ownStep(item));
    await notifyRequester({ approvals: world.approvals, notifier: world.notifier }, ownStep(item));

    // Assess
    const failed = await world.stored(item.requestId);
    expect(failed).toMatchObject({
      status: 'failed',
      statusReason: 'approved after the approval window closed; not executed',
    });
    expect(late).toBeUndefined();
    expect(tools.opened).toEqual([]);
    expect(world.tokens.deliveries).toEqual([]);
    expect(
      world.notifier.finishedItems.map(outcomeMessage).map((message) => message.subject),
    ).toEqual(['Failed: Reset 2FA for bob@example.com and suspend him']);
  });

  it.each(
    RequestStatusSchema.options.filter(
      (status): status is RequestStatus => status !== 'pending' && status !== 'approved',
    ),
  )('leaves a %s request as it is', async (status) => {
    // Prepare
    const world = new World();
    const item = await world.inStatus(status);
    const before = await world.snapshot(item.requestId);
    world.clock.advance(HOUR);

    // Act
    await expireRequest(world.approvals, ownStep(item));

    // Assess
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });
});
