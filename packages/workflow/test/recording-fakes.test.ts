import { type ApprovalItem, newRequestId, RetryableError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  InMemoryApprovalRepository,
  ManualClock,
  RecordingExecutionStarter,
  RecordingNotifier,
  RecordingTaskTokens,
  StaticDirectory,
} from '../src/testing/index.js';

describe('RecordingExecutionStarter', () => {
  it('names one execution per request, after it, under the state machine', () => {
    // Prepare
    const starter = new RecordingExecutionStarter(
      'arn:aws:states:eu-west-1:111122223333:stateMachine:agentcore-dev-hitl',
    );

    // Act
    const arn = starter.executionArnOf('01J0000000000000000000000A');

    // Assess
    expect(arn).toBe(
      'arn:aws:states:eu-west-1:111122223333:execution:agentcore-dev-hitl:01J0000000000000000000000A',
    );
    expect(starter.executionArnOf('01J0000000000000000000000A')).toBe(arn);
    expect(starter.started).toEqual([]);
  });

  it('starts the same request once, returning the same execution every time', async () => {
    // Prepare
    const starter = new RecordingExecutionStarter();
    const requestId = newRequestId(0);

    // Act
    const first = await starter.start(requestId);
    const again = await starter.start(requestId);

    // Assess
    expect(first).toEqual({ executionArn: starter.executionArnOf(requestId) });
    expect(again).toEqual(first);
    expect(starter.started).toEqual([requestId]);
  });

  it('fails the scripted number of starts, starting nothing', async () => {
    // Prepare
    const starter = new RecordingExecutionStarter();
    const fault = new RetryableError('Step Functions throttled StartExecution');
    starter.failNext(fault, 2);
    const requestId = newRequestId(0);

    // Act
    const attempts = await Promise.allSettled([
      starter.start(requestId),
      starter.start(requestId),
      starter.start(requestId),
    ]);

    // Assess
    expect(attempts).toEqual([
      { status: 'rejected', reason: fault },
      { status: 'rejected', reason: fault },
      { status: 'fulfilled', value: { executionArn: starter.executionArnOf(requestId) } },
    ]);
    expect(starter.started).toEqual([requestId]);
  });
});

describe('RecordingTaskTokens', () => {
  it('delivers to a waiting token once; after that the task no longer waits', async () => {
    // Prepare
    const tokens = new RecordingTaskTokens();

    // Act
    const first = await tokens.succeed('token-1', { verdict: 'approved' });
    const second = await tokens.succeed('token-1', { verdict: 'rejected' });

    // Assess
    expect([first, second]).toEqual(['delivered', 'not_waiting']);
    expect(tokens.deliveries).toEqual([{ taskToken: 'token-1', output: { verdict: 'approved' } }]);
  });

  it('reports a token it was told about as not waiting, and fails scripted calls', async () => {
    // Prepare
    const tokens = new RecordingTaskTokens();
    tokens.stopWaiting('timed-out');
    const fault = new RetryableError('SendTaskSuccess timed out');
    tokens.failNext(fault);

    // Act
    const failed = await tokens.succeed('token-2', {}).catch((error: unknown) => error);
    const timedOut = await tokens.succeed('timed-out', { verdict: 'approved' });
    const retried = await tokens.succeed('token-2', { verdict: 'approved' });

    // Assess
    expect(failed).toBe(fault);
    expect(timedOut).toBe('not_waiting');
    expect(retried).toBe('delivered');
    expect(tokens.deliveries).toEqual([{ taskToken: 'token-2', output: { verdict: 'approved' } }]);
  });
});

describe('RecordingNotifier', () => {
  async function item(): Promise<ApprovalItem> {
    const clock = new ManualClock();
    const requestId = newRequestId(clock.now().getTime());
    const requester = { userId: 'U_ALICE', groups: [] };
    return new InMemoryApprovalRepository(clock.now).create(
      {
        requestId,
        requester,
        action: {
          requester,
          origin: { source: 'cli' },
          query: 'search for cat gifs',
          summary: 'Run gifs/search_gifs',
          category: 'other',
          environment: 'dev',
          intendedTools: ['gifs__search_gifs'],
        },
        intendedTools: ['gifs__search_gifs'],
        executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${requestId}`,
      },
      'api',
    );
  }

  it('records copies of what it was told, per kind, and fails the scripted method', async () => {
    // Prepare
    const notifier = new RecordingNotifier();
    const request = await item();
    const fault = new RetryableError('SNS unavailable');
    notifier.failNext('finished', fault);

    // Act
    await notifier.approvalRequested(request);
    request.status = 'completed';
    const failed = await notifier.finished(request).catch((error: unknown) => error);
    await notifier.finished(request);

    // Assess
    expect(failed).toBe(fault);
    expect(notifier.approvalRequests.map((told) => told.status)).toEqual(['received']);
    expect(notifier.finishedItems.map((told) => told.status)).toEqual(['completed']);
  });
});

describe('ManualClock', () => {
  it('moves only when set or advanced', () => {
    // Prepare
    const clock = new ManualClock('2030-01-01T00:00:00.000Z');
    const now = clock.now;

    // Act
    const start = now().toISOString();
    clock.advance(90_000);
    const advanced = now().toISOString();
    clock.set('2031-06-01T12:00:00.000Z');
    const set = now().toISOString();

    // Assess
    expect([start, advanced, set]).toEqual([
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:01:30.000Z',
      '2031-06-01T12:00:00.000Z',
    ]);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('StaticDirectory', () => {
  it('answers the groups it was given, none for anyone else, and records who was asked', async () => {
    // Prepare
    const directory = new StaticDirectory({ U_BOB: ['approvers'] });

    // Act
    const bob = await directory.groupsOf('U_BOB');
    const stranger = await directory.groupsOf('constructor');

    // Assess
    expect(bob).toEqual(['approvers']);
    expect(stranger).toEqual([]);
    expect(directory.lookups).toEqual(['U_BOB', 'constructor']);
  });
});
