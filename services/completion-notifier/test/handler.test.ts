import { capturedTelemetry } from '@agentcore/adapters/testing';
import {
  type ApprovalItem,
  newRequestId,
  type RequestStatus,
  RetryableError,
  ValidationError,
} from '@agentcore/core';
import { StaleExecutionError, WrongStatusError } from '@agentcore/workflow';
import {
  InMemoryApprovalRepository,
  ManualClock,
  RecordingNotifier,
} from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index.js';

const TOOL = 'gifs__search_gifs';
const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd9planted-task-token-for-notifier';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPPLANTEDSECRET';
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:execution:hitl';

function setup() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const approvals = new InMemoryApprovalRepository(clock.now);
  const notifier = new RecordingNotifier();
  const { telemetry, lines, logs, metrics } = capturedTelemetry('completion-notifier', {
    TOTP_SECRET_DEMO: TOTP_SECRET,
  });
  const handler = createHandler({ telemetry, approvals, notifier });
  return {
    clock,
    approvals,
    notifier,
    lines,
    handler,
    logs,
    metrics,
  };
}
type Fixture = ReturnType<typeof setup>;

async function stored(f: Fixture, requestId: string): Promise<ApprovalItem> {
  const item = await f.approvals.get(requestId);
  if (!item) throw new Error(`request ${requestId} is not stored`);
  return item;
}

/** A request its workflow has moved along `path` (statuses after `received`). */
async function requestThrough(f: Fixture, path: RequestStatus[]): Promise<ApprovalItem> {
  const requestId = newRequestId(f.clock.now().getTime());
  const requester = { userId: 'U_ALICE', groups: [] };
  await f.approvals.create(
    {
      requestId,
      requester,
      action: {
        requester,
        origin: { source: 'slack', channelId: 'C123' },
        query: 'Run gifs/search_gifs',
        summary: 'Run gifs/search_gifs',
        category: 'other',
        environment: 'dev',
        intendedTools: [TOOL],
        toolCalls: [{ tool: TOOL, arguments: { query: 'cat' } }],
      },
      intendedTools: [TOOL],
      executionArn: `${STATE_MACHINE}:${requestId}`,
    },
    'U_ALICE',
  );
  let from: RequestStatus = 'received';
  for (const to of path) {
    const changes = to === 'pending' ? { taskToken: TASK_TOKEN, allowedTools: [TOOL] } : {};
    await f.approvals.transition(requestId, { from, to, actor: 'workflow', changes });
    from = to;
  }
  return stored(f, requestId);
}

function notify(item: ApprovalItem, overrides: Record<string, unknown> = {}) {
  return {
    step: 'notify',
    requestId: item.requestId,
    executionArn: item.executionArn,
    ...overrides,
  };
}

async function failure(attempt: Promise<unknown>): Promise<Error> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the invocation to throw');
}

describe('the completion notifier handler', () => {
  it.each([
    [['executing', 'completed']],
    [['executing', 'failed']],
    [['pending', 'rejected']],
    [['pending', 'expired']],
    [['denied']],
  ] as RequestStatus[][][])('tells the requester how a request ended (%j)', async (path) => {
    // Prepare
    const f = setup();
    const item = await requestThrough(f, path);

    // Act
    const answer = await f.handler(notify(item));

    // Assess
    expect(answer).toBeNull();
    expect(f.notifier.finishedItems).toEqual([item]);
    expect(await stored(f, item.requestId)).toEqual(item);
  });

  it.each([[[]], [['pending']], [['pending', 'approved']], [['executing']]] as RequestStatus[][][])(
    'throws for a request that has not ended (%j), telling nobody',
    async (path) => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, path);

      // Act
      const error = await failure(f.handler(notify(item)));

      // Assess
      expect(error).toBeInstanceOf(WrongStatusError);
      expect(f.notifier.finishedItems).toEqual([]);
    },
  );

  describe('the trust boundary', () => {
    it('refuses a step from an execution that does not carry the request', async () => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['executing', 'completed']);

      // Act
      const forged = await failure(
        f.handler(notify(item, { executionArn: `${STATE_MACHINE}:${newRequestId(0)}` })),
      );

      // Assess
      expect(forged).toBeInstanceOf(StaleExecutionError);
      expect(forged).toMatchObject({ code: 'stale_execution' });
      expect(f.notifier.finishedItems).toEqual([]);
      expect(await stored(f, item.requestId)).toEqual(item);
    });

    it.each([
      ['submit', { operation: 'submit', request: { requester: { userId: 'U' }, query: 'q' } }],
      ['record_decision', { operation: 'record_decision', decision: { verdict: 'approved' } }],
      ['get_request', { operation: 'get_request' }],
      ['a re-drive', { request_id: 'REQUEST' }],
      ['an operator submission', { action_text: 'tell everyone' }],
      ['another step', { step: 'execute' }],
      ['another step', { step: 'expire' }],
      ['no step', {}],
    ])('throws a validation error for %s, telling nobody', async (_, shape) => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['executing', 'completed']);
      const event = {
        requestId: item.requestId,
        executionArn: item.executionArn,
        ...shape,
      } as Record<string, unknown>;
      if ('request_id' in event) event.request_id = item.requestId;

      // Act
      const error = await failure(f.handler(event));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain('invalid notify step');
      expect(f.notifier.finishedItems).toEqual([]);
    });

    it.each([
      ['no request id', { requestId: undefined }],
      ['a request id that is not a ULID', { requestId: 'sha256-of-the-text' }],
      ['no execution', { executionArn: undefined }],
      ['an empty execution', { executionArn: '' }],
    ])('throws a validation error for %s', async (_, overrides) => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['denied']);

      // Act
      const error = await failure(f.handler(notify(item, overrides)));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(f.notifier.finishedItems).toEqual([]);
    });
  });

  describe('infrastructure faults', () => {
    it('throws a failed read, telling nobody', async () => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['denied']);
      const fault = new RetryableError('DynamoDB throttled GetItem');
      f.approvals.failNext('get', fault);

      // Act
      const error = await failure(f.handler(notify(item)));

      // Assess
      expect(error).toBe(fault);
      expect(f.notifier.finishedItems).toEqual([]);
    });

    it('throws a failed notification, so the state machine retries it', async () => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['denied']);
      const fault = new RetryableError('SNS throttled Publish');
      f.notifier.failNext('finished', fault);

      // Act
      const error = await failure(f.handler(notify(item)));
      const retried = await f.handler(notify(item));

      // Assess
      expect(error).toBe(fault);
      expect(retried).toBeNull();
      expect(f.notifier.finishedItems).toEqual([item]);
    });
  });

  describe('logging', () => {
    it('tags every line with the function, the step, the request and its execution', async () => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['denied']);

      // Act
      await f.handler(notify(item));

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'INFO',
          message: 'invocation finished',
          service: 'agentcore-completion-notifier',
          functionName: 'completion-notifier',
          step: 'notify',
          requestId: item.requestId,
          executionArn: item.executionArn,
        }),
      ]);
      expect(f.metrics()).toEqual([]);
    });

    it('logs a failure as an error with its name and code, and counts it', async () => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['pending']);

      // Act
      await failure(f.handler(notify(item)));

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'ERROR',
          message: 'invocation failed',
          errorName: 'WrongStatusError',
          errorCode: 'wrong_status',
          functionName: 'completion-notifier',
          step: 'notify',
          requestId: item.requestId,
          executionArn: item.executionArn,
        }),
      ]);
      expect(f.metrics()).toEqual([expect.objectContaining({ Failure: 1 })]);
    });

    it('writes no task token or secret, even when an error or an event carries one', async () => {
      // Prepare
      const f = setup();
      const item = await requestThrough(f, ['pending', 'rejected']);
      f.notifier.failNext('finished', new Error(`Publish failed: ${TOTP_SECRET}`));

      // Act
      await failure(f.handler(notify(item, { taskToken: TASK_TOKEN })));
      await f.handler(notify(item, { taskToken: TASK_TOKEN, secret: TOTP_SECRET }));
      await failure(f.handler({ step: 'await_approval', taskToken: TASK_TOKEN }));

      // Assess
      expect(f.logs()).toHaveLength(3);
      for (const line of f.lines) {
        expect(line).not.toContain(TASK_TOKEN);
        expect(line).not.toContain(TOTP_SECRET);
      }
    });
  });
});
