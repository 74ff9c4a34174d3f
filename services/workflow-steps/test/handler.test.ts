import { capturedTelemetry } from '@agentcore/adapters/testing';
import {
  type ApprovalItem,
  newRequestId,
  type PolicyDecision,
  type ProposedAction,
  type RequestStatus,
  RetryableError,
  ValidationError,
} from '@agentcore/core';
import { NotUnderstoodError, StaleExecutionError, WrongStatusError } from '@agentcore/workflow';
import {
  InMemoryApprovalRepository,
  ManualClock,
  RecordingNotifier,
  RecordingTaskTokens,
} from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index.js';
import { FixedPolicy, NamePinner, ScriptedPlanner } from './support/ports.js';

const TOOL = 'google_admin__reset_user_2fa';
const OTHER_TOOL = 'google_admin__suspend_user';
const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd9planted-task-token-for-workflow-steps';
const NEW_TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd9planted-redriven-task-token-workflow';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPPLANTEDSECRET';
const EXECUTIONS = 'arn:aws:states:us-east-1:123456789012:execution:hitl';
const MINUTE = 60_000;

const REQUIRE_APPROVAL: PolicyDecision = {
  outcome: 'require_approval',
  policyIds: ['account-changes'],
  reason: 'account changes need an approver',
  approval: {
    approverUserIds: [],
    approverGroups: ['approvers'],
    quorum: 1,
    allowSelfApproval: false,
    expiresInSeconds: 1_800,
  },
};
const ALLOW: PolicyDecision = { outcome: 'allow', policyIds: ['reads'], reason: 'read-only' };
const DENY: PolicyDecision = { outcome: 'deny', policyIds: ['prod'], reason: 'not in prod' };

function setup(
  options: { notUnderstood?: string; policy?: PolicyDecision; maxSeconds?: number } = {},
) {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const approvals = new InMemoryApprovalRepository(clock.now);
  const notifier = new RecordingNotifier();
  const tokens = new RecordingTaskTokens();
  const policy = new FixedPolicy(options.policy ?? REQUIRE_APPROVAL);
  const pinner = new NamePinner();
  const planner = new ScriptedPlanner(
    options.notUnderstood !== undefined
      ? { notUnderstood: options.notUnderstood }
      : {
          summary: 'Turn off 2-step verification for bob@example.com',
          category: 'user_account_access',
          resource: 'bob@example.com',
          environment: 'dev',
          intendedTools: [TOOL],
          toolCalls: [{ tool: TOOL, arguments: { email: 'bob@example.com' } }],
        },
  );
  const { telemetry, lines, logs, metrics } = capturedTelemetry('workflow-steps', {
    TOTP_SECRET_DEMO: TOTP_SECRET,
  });
  const handler = createHandler({
    telemetry,
    approvals,
    planner,
    policy,
    maxApprovalSeconds: options.maxSeconds ?? 3_600,
    pinner,
    notifier,
    tokens,
    clock: clock.now,
  });
  return {
    clock,
    approvals,
    notifier,
    tokens,
    policy,
    pinner,
    planner,
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

/** A request as submitted: natural language, or direct mode with its exact calls. */
async function received(f: Fixture, mode: 'natural' | 'direct' = 'direct'): Promise<ApprovalItem> {
  const requestId = newRequestId(f.clock.now().getTime());
  const requester = { userId: 'U_ALICE', groups: [] };
  const tools = mode === 'direct' ? [TOOL, OTHER_TOOL] : [];
  const action: ProposedAction = {
    requester,
    origin: { source: 'cli' },
    query: 'reset 2FA for bob@example.com',
    summary: 'reset 2FA for bob@example.com',
    category: 'other',
    environment: 'dev',
    intendedTools: tools,
    ...(mode === 'direct'
      ? { toolCalls: tools.map((tool) => ({ tool, arguments: { email: 'bob@example.com' } })) }
      : {}),
  };
  return f.approvals.create(
    {
      requestId,
      requester,
      action,
      intendedTools: tools,
      executionArn: `${EXECUTIONS}:${requestId}`,
    },
    'U_ALICE',
  );
}

/** A direct-mode request moved along the status table to `status`. */
async function requestIn(f: Fixture, status: RequestStatus): Promise<ApprovalItem> {
  const { requestId } = await received(f);
  const move = (from: RequestStatus, to: RequestStatus, changes = {}) =>
    f.approvals.transition(requestId, { from, to, actor: 'workflow', changes });
  const waiting = {
    policy: REQUIRE_APPROVAL,
    taskToken: TASK_TOKEN,
    allowedTools: [TOOL, OTHER_TOOL],
    expiresAt: new Date(f.clock.now().getTime() + 30 * MINUTE).toISOString(),
  };
  const decide = (verdict: 'approved' | 'rejected') =>
    f.approvals.recordDecision(
      requestId,
      {
        verdict,
        approver: 'U_APPROVER',
        decidedAt: f.clock.now().toISOString(),
        allowedTools: verdict === 'approved' ? [TOOL] : [],
      },
      1,
    );
  const paths: Partial<Record<RequestStatus, () => Promise<unknown>>> = {
    received: async () => undefined,
    pending: () => move('received', 'pending', waiting),
    approved: async () => {
      await move('received', 'pending', waiting);
      await decide('approved');
    },
    rejected: async () => {
      await move('received', 'pending', waiting);
      await decide('rejected');
    },
    executing: () => move('received', 'executing', { policy: ALLOW }),
    completed: async () => {
      await move('received', 'executing', { policy: ALLOW });
      await move('executing', 'completed');
    },
    denied: () => move('received', 'denied', { policy: DENY }),
    expired: async () => {
      await move('received', 'pending', waiting);
      await move('pending', 'expired');
    },
  };
  await paths[status]?.();
  return stored(f, requestId);
}

/** The event the state machine sends for `step`, from the request's own execution. */
function stepEvent(item: ApprovalItem, step: string, extra: Record<string, unknown> = {}) {
  const target = { requestId: item.requestId, executionArn: item.executionArn };
  const payloads: Record<string, Record<string, unknown>> = {
    await_approval: { taskToken: TASK_TOKEN, expiresInSeconds: 1_800, policy: REQUIRE_APPROVAL },
    fail: { error: { Error: 'States.TaskFailed', Cause: 'the executor crashed' } },
  };
  return { step, ...target, ...payloads[step], ...extra };
}

const STEPS = ['plan', 'evaluate_policy', 'await_approval', 'expire', 'fail'] as const;

/** Everything a step could have changed. */
async function snapshot(f: Fixture, requestId: string) {
  return {
    item: await f.approvals.get(requestId),
    audit: f.approvals.auditEvents(),
    approvalRequests: f.notifier.approvalRequests,
    finished: f.notifier.finishedItems,
    deliveries: f.tokens.deliveries,
    planned: [...f.planner.inputs],
    decided: [...f.policy.decided],
    pinned: [...f.pinner.pinned],
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

describe('the workflow steps handler', () => {
  describe('plan', () => {
    it('turns a natural-language request into a proposed action', async () => {
      // Prepare
      const f = setup();
      const item = await received(f, 'natural');

      // Act
      const answer = await f.handler(stepEvent(item, 'plan'));

      // Assess
      expect(answer).toBeNull();
      expect(f.planner.inputs).toEqual([
        {
          query: 'reset 2FA for bob@example.com',
          requester: item.requester,
          origin: item.action.origin,
          environment: 'dev',
        },
      ]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'received',
        version: item.version + 1,
        intendedTools: [TOOL],
        action: {
          query: 'reset 2FA for bob@example.com',
          summary: 'Turn off 2-step verification for bob@example.com',
          category: 'user_account_access',
          intendedTools: [TOOL],
          toolCalls: [{ tool: TOOL, arguments: { email: 'bob@example.com' } }],
        },
      });
    });

    it('leaves a direct-mode request as it is: its plan came with it', async () => {
      // Prepare
      const f = setup();
      const item = await received(f, 'direct');

      // Act
      await f.handler(stepEvent(item, 'plan'));

      // Assess
      expect(f.planner.inputs).toEqual([]);
      expect(await stored(f, item.requestId)).toEqual(item);
    });

    it('throws NotUnderstoodError for words the planner does not understand, storing nothing', async () => {
      // Prepare
      const f = setup({ notUnderstood: 'I could not understand "make it so".' });
      const item = await received(f, 'natural');

      // Act
      const error = await failure(f.handler(stepEvent(item, 'plan')));

      // Assess
      expect(error).toBeInstanceOf(NotUnderstoodError);
      expect(error).toMatchObject({
        code: 'not_understood',
        message: 'I could not understand "make it so".',
      });
      expect(await stored(f, item.requestId)).toEqual(item);
    });
  });

  describe('evaluate_policy', () => {
    it('returns the verdict with its approval timeout, storing nothing yet', async () => {
      // Prepare
      const f = setup({ policy: REQUIRE_APPROVAL });
      const item = await received(f);

      // Act
      const verdict = await f.handler(stepEvent(item, 'evaluate_policy'));

      // Assess
      expect(verdict).toEqual({
        outcome: 'require_approval',
        approvalTimeoutSeconds: 1_800,
        policy: REQUIRE_APPROVAL,
      });
      expect(f.policy.decided).toEqual([item.action]);
      expect(await stored(f, item.requestId)).toEqual(item);
      expect(f.metrics()).toEqual([
        expect.objectContaining({
          DecisionRequireApproval: 1,
          service: 'agentcore-workflow-steps',
        }),
      ]);
    });

    it('keeps approvals within the longest window the execution allows', async () => {
      // Prepare
      const f = setup({
        policy: {
          ...REQUIRE_APPROVAL,
          approval: { ...REQUIRE_APPROVAL.approval, expiresInSeconds: 86_400 },
        } as PolicyDecision,
        maxSeconds: 600,
      });
      const item = await received(f);

      // Act
      const verdict = await f.handler(stepEvent(item, 'evaluate_policy'));

      // Assess
      expect(verdict).toMatchObject({ outcome: 'require_approval', approvalTimeoutSeconds: 600 });
    });

    it('returns an allow verdict, counted as such', async () => {
      // Prepare
      const f = setup({ policy: ALLOW });
      const item = await received(f);

      // Act
      const verdict = await f.handler(stepEvent(item, 'evaluate_policy'));

      // Assess
      expect(verdict).toEqual({ outcome: 'allow', approvalTimeoutSeconds: 3_600, policy: ALLOW });
      expect(await stored(f, item.requestId)).toEqual(item);
      expect(f.metrics()).toEqual([expect.objectContaining({ DecisionAllow: 1 })]);
    });

    it('ends a denied request here, with the policy’s reason', async () => {
      // Prepare
      const f = setup({ policy: DENY });
      const item = await received(f);

      // Act
      const verdict = await f.handler(stepEvent(item, 'evaluate_policy'));

      // Assess
      expect(verdict).toMatchObject({ outcome: 'deny', policy: DENY });
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'denied',
        policy: DENY,
        statusReason: 'not in prod',
      });
      expect(f.metrics()).toEqual([expect.objectContaining({ DecisionDeny: 1 })]);
    });

    it('gives a re-driven execution the stored verdict, never a second opinion', async () => {
      // Prepare
      const f = setup({ policy: ALLOW });
      const item = await requestIn(f, 'pending');

      // Act
      const verdict = await f.handler(stepEvent(item, 'evaluate_policy'));

      // Assess
      expect(verdict).toMatchObject({ outcome: 'require_approval', policy: REQUIRE_APPROVAL });
      expect(f.policy.decided).toEqual([]);
      expect(await stored(f, item.requestId)).toEqual(item);
    });
  });

  describe('await_approval', () => {
    it('puts the request in front of its approvers and leaves it pending on the token', async () => {
      // Prepare
      const f = setup();
      const item = await received(f);
      f.clock.advance(MINUTE);

      // Act
      const answer = await f.handler(stepEvent(item, 'await_approval'));

      // Assess
      expect(answer).toBeNull();
      const pending = await stored(f, item.requestId);
      expect(pending).toMatchObject({
        status: 'pending',
        version: item.version + 1,
        policy: REQUIRE_APPROVAL,
        taskToken: TASK_TOKEN,
        allowedTools: [TOOL, OTHER_TOOL],
        toolPins: { [TOOL]: `pin:${TOOL}`, [OTHER_TOOL]: `pin:${OTHER_TOOL}` },
        expiresAt: '2030-01-01T00:31:00.000Z',
      });
      expect(f.pinner.pinned).toEqual([[TOOL, OTHER_TOOL]]);
      expect(f.notifier.approvalRequests).toEqual([
        { ...pending, version: item.version, updatedAt: item.updatedAt },
      ]);
      expect(f.tokens.deliveries).toEqual([]);
    });

    it('refuses to wait on a request policy allowed or denied, changing nothing', async () => {
      // Prepare
      const f = setup();
      const allowed = await received(f);
      const denied = await requestIn(f, 'denied');
      const before = [await snapshot(f, allowed.requestId), await snapshot(f, denied.requestId)];

      // Act
      const errors = [
        await failure(f.handler(stepEvent(allowed, 'await_approval', { policy: ALLOW }))),
        await failure(f.handler(stepEvent(denied, 'await_approval'))),
      ];

      // Assess
      for (const error of errors) expect(error).toBeInstanceOf(WrongStatusError);
      expect([await snapshot(f, allowed.requestId), await snapshot(f, denied.requestId)]).toEqual(
        before,
      );
    });

    it('gives a re-driven wait the new token, telling approvers nothing twice', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'pending');

      // Act
      await f.handler(stepEvent(item, 'await_approval', { taskToken: NEW_TASK_TOKEN }));
      await f.handler(stepEvent(item, 'await_approval', { taskToken: NEW_TASK_TOKEN }));

      // Assess
      expect(await stored(f, item.requestId)).toEqual({
        ...item,
        taskToken: NEW_TASK_TOKEN,
        version: item.version + 1,
      });
      expect(f.notifier.approvalRequests).toEqual([]);
    });

    it.each(['approved', 'rejected'] as const)(
      'hands a decision made while nobody waited (%s) straight back',
      async (status) => {
        // Prepare
        const f = setup();
        const item = await requestIn(f, status);

        // Act
        await f.handler(stepEvent(item, 'await_approval', { taskToken: NEW_TASK_TOKEN }));

        // Assess
        expect(f.tokens.deliveries).toEqual([
          { taskToken: NEW_TASK_TOKEN, output: { verdict: status } },
        ]);
        expect(await stored(f, item.requestId)).toEqual(item);
      },
    );

    it('throws a failed notification before the move, so a retry tells approvers again', async () => {
      // Prepare
      const f = setup();
      const item = await received(f);
      const fault = new RetryableError('SNS throttled Publish');
      f.notifier.failNext('approvalRequested', fault);

      // Act
      const error = await failure(f.handler(stepEvent(item, 'await_approval')));
      const after = await stored(f, item.requestId);
      await f.handler(stepEvent(item, 'await_approval'));

      // Assess
      expect(error).toBe(fault);
      expect(after).toEqual(item);
      expect(await stored(f, item.requestId)).toMatchObject({ status: 'pending' });
      expect(f.notifier.approvalRequests).toHaveLength(1);
    });
  });

  describe('expire and fail', () => {
    it('expires a request nobody decided', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'pending');

      // Act
      const answer = await f.handler(stepEvent(item, 'expire'));

      // Assess
      expect(answer).toBeNull();
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'expired',
        statusReason: 'no decision before the approval expired',
      });
    });

    it('fails a request approved once the workflow had stopped waiting, never running it late', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'approved');

      // Act
      await f.handler(stepEvent(item, 'expire'));

      // Assess
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'failed',
        statusReason: 'approved after the approval window closed; not executed',
      });
    });

    it.each(['rejected', 'completed', 'denied'] as const)(
      'leaves a %s request as it ended, whether expired or failed',
      async (status) => {
        // Prepare
        const f = setup();
        const item = await requestIn(f, status);

        // Act
        await f.handler(stepEvent(item, 'expire'));
        await f.handler(stepEvent(item, 'fail'));

        // Assess
        expect(await stored(f, item.requestId)).toEqual(item);
      },
    );

    it.each([
      [
        { Error: 'States.TaskFailed', Cause: 'the executor crashed' },
        'States.TaskFailed: the executor crashed',
      ],
      [
        {
          Error: 'Lambda.Unknown',
          Cause: JSON.stringify({ errorMessage: 'Task timed out', errorType: 'x' }),
        },
        'Lambda.Unknown: Task timed out',
      ],
      [{ Error: 'States.Timeout' }, 'States.Timeout'],
    ])('records why a step failed for good (%j)', async (error, reason) => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'executing');

      // Act
      await f.handler(stepEvent(item, 'fail', { error }));

      // Assess
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'failed',
        statusReason: reason,
      });
    });
  });

  describe('the trust boundary', () => {
    it.each(STEPS)('refuses %s from an execution that does not carry the request', async (step) => {
      // Prepare
      const f = setup({ policy: DENY });
      const natural = await received(f, 'natural');
      const pending = await requestIn(f, 'pending');
      const forgedArn = (item: ApprovalItem) => ({
        executionArn: `${EXECUTIONS}:${item.requestId}:redriven-by-mallory`,
      });
      const before = [await snapshot(f, natural.requestId), await snapshot(f, pending.requestId)];

      // Act
      const errors = [
        await failure(f.handler(stepEvent(natural, step, forgedArn(natural)))),
        await failure(f.handler(stepEvent(pending, step, forgedArn(pending)))),
        await failure(f.handler(stepEvent(pending, step, { executionArn: natural.executionArn }))),
      ];

      // Assess
      for (const error of errors) {
        expect(error).toBeInstanceOf(StaleExecutionError);
        expect(error).toMatchObject({ code: 'stale_execution' });
      }
      expect([await snapshot(f, natural.requestId), await snapshot(f, pending.requestId)]).toEqual(
        before,
      );
    });

    it.each([
      ['submit', (id: string) => ({ operation: 'submit', request: { requester: { userId: id } } })],
      [
        'record_decision',
        (id: string) => ({
          operation: 'record_decision',
          decision: { requestId: id, approver: 'U_APPROVER', verdict: 'approved' },
        }),
      ],
      ['get_request', (id: string) => ({ operation: 'get_request', requestId: id })],
      ['list_requests', () => ({ operation: 'list_requests' })],
      ['a re-drive', (id: string) => ({ request_id: id })],
      ['an operator submission', () => ({ action_text: 'reset 2FA for bob@example.com' })],
      ['the execute step', (id: string) => ({ step: 'execute', requestId: id })],
      ['the notify step', (id: string) => ({ step: 'notify', requestId: id })],
      ['a step in another case', (id: string) => ({ step: 'EXPIRE', requestId: id })],
    ])('throws a validation error for %s, changing nothing', async (_, event) => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'pending');
      const before = await snapshot(f, item.requestId);

      // Act
      const error = await failure(
        f.handler({ executionArn: item.executionArn, ...event(item.requestId) }),
      );

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain('invalid workflow step');
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });

    it.each([
      ['plan without a request id', { step: 'plan', executionArn: 'arn' }],
      [
        'expire with a request id that is not a ULID',
        { step: 'expire', requestId: 'abc', executionArn: 'arn' },
      ],
      [
        'evaluate_policy without its execution',
        { step: 'evaluate_policy', requestId: newRequestId(0) },
      ],
      ['fail without its error', { step: 'fail', requestId: newRequestId(0), executionArn: 'arn' }],
      [
        'await_approval without a token',
        {
          step: 'await_approval',
          requestId: newRequestId(0),
          executionArn: 'arn',
          expiresInSeconds: 60,
          policy: REQUIRE_APPROVAL,
        },
      ],
      [
        'await_approval with no time to wait',
        {
          step: 'await_approval',
          requestId: newRequestId(0),
          executionArn: 'arn',
          taskToken: TASK_TOKEN,
          expiresInSeconds: 0,
          policy: REQUIRE_APPROVAL,
        },
      ],
      [
        'await_approval with a made-up outcome',
        {
          step: 'await_approval',
          requestId: newRequestId(0),
          executionArn: 'arn',
          taskToken: TASK_TOKEN,
          expiresInSeconds: 60,
          policy: { outcome: 'approve_all', reason: 'x' },
        },
      ],
      ['nothing', {}],
      ['not an object', 'plan'],
    ])('throws a validation error for %s', async (_, event) => {
      // Prepare
      const f = setup();

      // Act
      const error = await failure(f.handler(event));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'validation_failed', issues: expect.any(Array) });
      expect(f.approvals.auditEvents()).toEqual([]);
    });
  });

  describe('infrastructure faults', () => {
    it.each(STEPS)('throws a failed read in %s, changing nothing', async (step) => {
      // Prepare
      const f = setup({ policy: DENY });
      const item = await requestIn(f, 'pending');
      const before = await snapshot(f, item.requestId);
      const fault = new RetryableError('DynamoDB throttled GetItem');
      f.approvals.failNext('get', fault);

      // Act
      const error = await failure(f.handler(stepEvent(item, step)));

      // Assess
      expect(error).toBe(fault);
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });

    it.each([
      ['plan', 'natural', 'amend'],
      ['evaluate_policy', 'direct', 'transition'],
      ['await_approval', 'direct', 'transition'],
    ] as const)('throws a failed write in %s', async (step, mode, method) => {
      // Prepare
      const f = setup({ policy: DENY });
      const item = await received(f, mode);
      const fault = new RetryableError('DynamoDB throttled TransactWriteItems');
      f.approvals.failNext(method, fault);

      // Act
      const error = await failure(f.handler(stepEvent(item, step)));

      // Assess
      expect(error).toBe(fault);
      expect(await stored(f, item.requestId)).toEqual(item);
    });

    it('throws a failed hand-back of a decision made while nobody waited', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'approved');
      const fault = new RetryableError('Step Functions throttled SendTaskSuccess');
      f.tokens.failNext(fault);

      // Act
      const error = await failure(
        f.handler(stepEvent(item, 'await_approval', { taskToken: NEW_TASK_TOKEN })),
      );

      // Assess
      expect(error).toBe(fault);
      expect(f.tokens.deliveries).toEqual([]);
    });
  });

  describe('logging', () => {
    it.each(STEPS)(
      'tags every line of %s with the function, the step, the request and its execution',
      async (step) => {
        // Prepare
        const f = setup({ policy: REQUIRE_APPROVAL });
        const item = await requestIn(f, step === 'await_approval' ? 'received' : 'pending');

        // Act
        await f.handler(stepEvent(item, step));

        // Assess
        expect(f.logs()).toEqual([
          expect.objectContaining({
            level: 'INFO',
            message: 'invocation finished',
            service: 'agentcore-workflow-steps',
            functionName: 'workflow-steps',
            step,
            requestId: item.requestId,
            executionArn: item.executionArn,
          }),
        ]);
      },
    );

    it('logs a failure as an error with its name and code, and counts it', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'pending');
      const forged = `${EXECUTIONS}:${item.requestId}:forged`;

      // Act
      await failure(f.handler(stepEvent(item, 'expire', { executionArn: forged })));

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'ERROR',
          message: 'invocation failed',
          errorName: 'StaleExecutionError',
          errorCode: 'stale_execution',
          functionName: 'workflow-steps',
          step: 'expire',
          requestId: item.requestId,
          executionArn: forged,
        }),
      ]);
      expect(f.metrics()).toEqual([expect.objectContaining({ Failure: 1 })]);
      expect(f.metrics()[0]?._aws).toMatchObject({
        CloudWatchMetrics: [
          { Namespace: 'AgentCore', Metrics: [{ Name: 'Failure', Unit: 'Count' }] },
        ],
      });
    });

    it('logs a refused event as a failure with validation_failed', async () => {
      // Prepare
      const f = setup();

      // Act
      await failure(f.handler({ operation: 'get_request', requestId: newRequestId(0) }));

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'ERROR',
          errorName: 'ValidationError',
          errorCode: 'validation_failed',
          functionName: 'workflow-steps',
          step: 'get_request',
        }),
      ]);
    });

    it('writes no task token or secret, whether the wait succeeds, is refused or fails', async () => {
      // Prepare
      const f = setup();
      const first = await received(f);
      const second = await received(f);
      const third = await requestIn(f, 'approved');
      f.notifier.failNext('approvalRequested', new Error(`Publish failed: ${TOTP_SECRET}`));

      // Act
      await failure(f.handler(stepEvent(first, 'await_approval')));
      await f.handler(stepEvent(first, 'await_approval'));
      await f.handler(stepEvent(first, 'await_approval', { taskToken: NEW_TASK_TOKEN }));
      await failure(
        f.handler(stepEvent(second, 'await_approval', { executionArn: `${EXECUTIONS}:forged` })),
      );
      await failure(f.handler(stepEvent(second, 'await_approval', { expiresInSeconds: -1 })));
      await failure(
        f.handler(stepEvent(second, 'await_approval', { taskToken: 'x'.repeat(2_049) })),
      );
      await f.handler(stepEvent(third, 'await_approval', { taskToken: NEW_TASK_TOKEN }));
      await f.handler(
        stepEvent(second, 'fail', { error: { Error: 'States.TaskFailed', Cause: TOTP_SECRET } }),
      );

      // Assess
      expect(f.logs()).toHaveLength(8);
      for (const line of f.lines) {
        expect(line).not.toContain(TASK_TOKEN);
        expect(line).not.toContain(NEW_TASK_TOKEN);
        expect(line).not.toContain(TOTP_SECRET);
      }
    });
  });
});
