import { capturedTelemetry } from '@agentcore/adapters/testing';
import {
  type ApprovalItem,
  newRequestId,
  type PolicyDecision,
  type ProposedAction,
  RetryableError,
} from '@agentcore/core';
import {
  InMemoryApprovalRepository,
  ManualClock,
  RecordingExecutionStarter,
  RecordingTaskTokens,
  StaticDirectory,
} from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index.js';

const TOOL = 'gifs__search_gifs';
const OTHER_TOOL = 'gifs__trending_gifs';
const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd9planted-task-token-for-requests';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPPLANTEDSECRET';
const MINUTE = 60_000;

const REQUIRE_APPROVAL: PolicyDecision = {
  outcome: 'require_approval',
  policyIds: ['ops-approval'],
  reason: 'changes to accounts need an approver',
  approval: {
    approverUserIds: [],
    approverGroups: ['approvers'],
    quorum: 1,
    allowSelfApproval: false,
    expiresInSeconds: 3_600,
  },
};

/** A CallerResponse, read field by field. */
interface Answer {
  ok: boolean;
  error?: { code: string; message: string; issues?: { path: string; message: string }[] };
  [field: string]: unknown;
}

/** The request API over in-memory ports, logging into an array through the real telemetry. */
function setup() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const approvals = new InMemoryApprovalRepository(clock.now);
  const executions = new RecordingExecutionStarter();
  const tokens = new RecordingTaskTokens();
  const directory = new StaticDirectory({ U_APPROVER: ['approvers'], U_ALICE: ['ops'] });
  const { telemetry, lines, logs, metrics } = capturedTelemetry('requests', {
    TOTP_SECRET_DEMO: TOTP_SECRET,
  });
  const handle = createHandler({
    telemetry,
    approvals,
    audit: approvals,
    executions,
    tokens,
    directory,
    clock: clock.now,
  });
  return {
    clock,
    approvals,
    executions,
    tokens,
    directory,
    lines,
    handler: (event: unknown) => handle(event) as Promise<unknown> as Promise<Answer>,
    logs,
    metrics,
  };
}
type Fixture = ReturnType<typeof setup>;

/** What submit records for a direct-mode request by U_ALICE. */
function directAction(): ProposedAction {
  return {
    requester: { userId: 'U_ALICE', groups: [] },
    origin: { source: 'cli' },
    query: 'Run gifs/search_gifs',
    summary: 'Run gifs/search_gifs',
    category: 'other',
    environment: 'dev',
    intendedTools: [TOOL, OTHER_TOOL],
    toolCalls: [
      { tool: TOOL, arguments: { query: 'cat' } },
      { tool: OTHER_TOOL, arguments: {} },
    ],
  };
}

async function stored(f: Fixture, requestId: string): Promise<ApprovalItem> {
  const item = await f.approvals.get(requestId);
  if (!item) throw new Error(`request ${requestId} is not stored`);
  return item;
}

/** A request recorded as submit records it, and left received (its workflow not yet past Plan). */
async function receivedRequest(f: Fixture): Promise<ApprovalItem> {
  const requestId = newRequestId(f.clock.now().getTime());
  const action = directAction();
  return f.approvals.create(
    {
      requestId,
      requester: { userId: 'U_ALICE', groups: [] },
      action,
      intendedTools: [TOOL, OTHER_TOOL],
      executionArn: f.executions.executionArnOf(requestId),
    },
    'U_ALICE',
  );
}

/** A request waiting for approval, as the workflow's RequestApproval step leaves it. */
async function pendingRequest(f: Fixture, policy = REQUIRE_APPROVAL): Promise<ApprovalItem> {
  const { requestId } = await receivedRequest(f);
  await f.approvals.transition(requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
    changes: {
      policy,
      taskToken: TASK_TOKEN,
      allowedTools: [TOOL, OTHER_TOOL],
      toolPins: { [TOOL]: 'sha256:search', [OTHER_TOOL]: 'sha256:trending' },
      expiresAt: new Date(f.clock.now().getTime() + 60 * MINUTE).toISOString(),
    },
  });
  return stored(f, requestId);
}

/** Everything a caller could have changed: the stored item, its audit trail, the workflow. */
async function snapshot(f: Fixture, requestId: string) {
  return {
    item: await f.approvals.get(requestId),
    audit: f.approvals.auditEvents(),
    deliveries: f.tokens.deliveries,
    started: f.executions.started,
  };
}

function refusal(answer: Answer): NonNullable<Answer['error']> {
  expect(answer.ok).toBe(false);
  return answer.error ?? { code: 'none', message: 'no error in the answer' };
}

/** Every event the state machine sends its functions, aimed at `item` by its own execution. */
function stepEvents(item: ApprovalItem): [string, Record<string, unknown>][] {
  const target = { requestId: item.requestId, executionArn: item.executionArn };
  const allow = { outcome: 'allow', policyIds: [], reason: 'forged' };
  return [
    ['plan', { ...target, step: 'plan' }],
    ['evaluate_policy', { ...target, step: 'evaluate_policy' }],
    [
      'await_approval',
      {
        ...target,
        step: 'await_approval',
        taskToken: 'forged-token-0001',
        expiresInSeconds: 60,
        policy: { ...REQUIRE_APPROVAL, approval: { approverUserIds: ['U_MALLORY'] } },
      },
    ],
    ['execute', { ...target, step: 'execute', policy: allow }],
    ['expire', { ...target, step: 'expire' }],
    ['fail', { ...target, step: 'fail', error: { Error: 'States.Timeout' } }],
    ['notify', { ...target, step: 'notify' }],
  ];
}

describe('the request API handler', () => {
  describe('the trust boundary', () => {
    it.each(['pending', 'approved'] as const)(
      'refuses every workflow step aimed at a %s request, changing nothing',
      async (status) => {
        // Prepare
        const f = setup();
        const item = await pendingRequest(f);
        if (status === 'approved') {
          await f.handler({
            operation: 'record_decision',
            decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'approved' },
          });
        }
        const before = await snapshot(f, item.requestId);

        for (const [step, event] of stepEvents(item)) {
          // Act
          const answer = await f.handler(event);

          // Assess
          const error = refusal(answer);
          expect(error.code, step).toBe('validation_failed');
          expect(error.issues, step).toEqual(
            expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
          );
          expect(await snapshot(f, item.requestId), step).toEqual(before);
        }
      },
    );

    it('refuses a step event dressed up with a request id the API would read', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      const before = await snapshot(f, item.requestId);

      // Act
      const answers = [
        await f.handler({ request_id: item.requestId }),
        await f.handler({ operation: 'expire', requestId: item.requestId }),
        await f.handler({ operation: 'execute', requestId: item.requestId }),
        await f.handler({
          operation: 'record_decision',
          step: 'expire',
          requestId: item.requestId,
        }),
      ];

      // Assess
      for (const answer of answers) expect(refusal(answer).code).toBe('validation_failed');
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });
  });

  describe('submit', () => {
    it('records a direct-mode request and starts its one workflow, nothing more', async () => {
      // Prepare
      const f = setup();

      // Act
      const answer = await f.handler({
        operation: 'submit',
        request: {
          requester: { userId: 'U_ALICE' },
          origin: { source: 'cli' },
          toolCalls: [{ tool: TOOL, arguments: { query: 'cat' } }],
        },
      });

      // Assess
      expect(answer).toEqual({
        ok: true,
        requestId: expect.stringMatching(/^[0-9A-Z]{26}$/),
        executionArn: expect.any(String),
      });
      const { requestId, executionArn } = answer as unknown as {
        requestId: string;
        executionArn: string;
      };
      expect(executionArn).toBe(f.executions.executionArnOf(requestId));
      expect(f.executions.started).toEqual([requestId]);
      expect(await stored(f, requestId)).toMatchObject({
        status: 'received',
        version: 1,
        executionArn,
        intendedTools: [TOOL],
        allowedTools: [],
        requester: { userId: 'U_ALICE' },
        action: { summary: 'Run gifs/search_gifs', toolCalls: [{ tool: TOOL }] },
      });
      expect(f.tokens.deliveries).toEqual([]);
    });

    it('records natural language and starts its workflow, which plans it', async () => {
      // Prepare
      const f = setup();

      // Act
      const answer = await f.handler({
        operation: 'submit',
        request: {
          requester: { userId: 'U_ALICE' },
          origin: { source: 'cli' },
          query: 'reset 2FA for bob@example.com',
        },
      });

      // Assess
      expect(answer).toEqual({
        ok: true,
        requestId: expect.any(String),
        executionArn: expect.any(String),
      });
      expect(f.executions.started).toEqual([answer.requestId]);
    });

    it.each([
      ['no request at all', { operation: 'submit' }, 'request'],
      [
        'neither a query nor tool calls',
        { operation: 'submit', request: { requester: { userId: 'U' }, origin: { source: 'cli' } } },
        'request.query',
      ],
      [
        'a tool name Bedrock would refuse',
        {
          operation: 'submit',
          request: {
            requester: { userId: 'U' },
            origin: { source: 'cli' },
            toolCalls: [{ tool: 'gifs/search gifs!', arguments: {} }],
          },
        },
        'request.toolCalls.0.tool',
      ],
      [
        'an origin no front door has',
        {
          operation: 'submit',
          request: { requester: { userId: 'U' }, origin: { source: 'sfn' }, query: 'q' },
        },
        'request.origin.source',
      ],
      ['an unknown operation', { operation: 'approve', requestId: 'x' }, 'operation'],
      ['not an object', 'submit', ''],
      ['null', null, ''],
    ])('answers validation_failed for %s, naming the field', async (_, event, path) => {
      // Prepare
      const f = setup();

      // Act
      const answer = await f.handler(event);

      // Assess
      expect(answer).toEqual({
        ok: false,
        error: {
          code: 'validation_failed',
          message: expect.stringContaining('invalid request'),
          issues: expect.arrayContaining([{ path, message: expect.any(String) }]),
        },
      });
      expect(f.approvals.auditEvents()).toEqual([]);
      expect(f.executions.started).toEqual([]);
    });

    it('throws when the workflow cannot start, recording the request as failed', async () => {
      // Prepare
      const f = setup();
      f.executions.failNext(new RetryableError('Step Functions throttled StartExecution'));

      // Act
      const attempt = f.handler({
        operation: 'submit',
        request: {
          requester: { userId: 'U_ALICE' },
          origin: { source: 'cli' },
          toolCalls: [{ tool: TOOL, arguments: {} }],
        },
      });

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(RetryableError);
      const [created] = f.approvals.auditEvents();
      expect(await stored(f, created?.requestId ?? '')).toMatchObject({
        status: 'failed',
        statusReason: 'the workflow could not be started',
      });
      expect(f.executions.started).toEqual([]);
    });
  });

  describe('record_decision', () => {
    it('records an approver’s approval and hands it to the waiting workflow', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      f.clock.advance(MINUTE);

      // Act
      const answer = await f.handler({
        operation: 'record_decision',
        decision: {
          requestId: item.requestId,
          approver: 'U_APPROVER',
          verdict: 'approved',
          comment: 'ok',
          allowedTools: [TOOL],
        },
      });

      // Assess
      expect(answer).toMatchObject({
        ok: true,
        request: {
          requestId: item.requestId,
          status: 'approved',
          allowedTools: [TOOL],
          decision: {
            verdict: 'approved',
            approver: 'U_APPROVER',
            comment: 'ok',
            decidedAt: '2030-01-01T00:01:00.000Z',
          },
        },
      });
      expect(JSON.stringify(answer)).not.toContain(TASK_TOKEN);
      expect(f.tokens.deliveries).toEqual([
        { taskToken: TASK_TOKEN, output: { verdict: 'approved' } },
      ]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'approved',
        version: item.version + 1,
        allowedTools: [TOOL],
      });
      expect(f.directory.lookups).toEqual(['U_APPROVER']);
    });

    it.each([
      ['the requester approving their own request', 'U_ALICE', 'approved'],
      ['someone outside the approver groups approving', 'U_MALLORY', 'approved'],
      ['someone outside the approver groups rejecting', 'U_MALLORY', 'rejected'],
    ])('answers not_authorised to %s, changing nothing', async (_, approver, verdict) => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      const before = await snapshot(f, item.requestId);

      // Act
      const answer = await f.handler({
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver, verdict },
      });

      // Assess
      expect(refusal(answer)).toEqual({ code: 'not_authorised', message: expect.any(String) });
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });

    it('refuses approving a tool that was never requested, changing nothing', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      const before = await snapshot(f, item.requestId);

      // Act
      const answer = await f.handler({
        operation: 'record_decision',
        decision: {
          requestId: item.requestId,
          approver: 'U_APPROVER',
          verdict: 'approved',
          allowedTools: [TOOL, 'aws__delete_account'],
        },
      });

      // Assess
      expect(refusal(answer)).toEqual({
        code: 'validation_failed',
        message: expect.any(String),
        issues: [{ path: 'allowedTools', message: expect.stringContaining('aws__delete_account') }],
      });
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });

    it('answers already_decided to a second approver, handing nothing over again', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      await f.handler({
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'rejected' },
      });
      const before = await snapshot(f, item.requestId);

      // Act
      const answer = await f.handler({
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'approved' },
      });

      // Assess
      expect(refusal(answer).code).toBe('already_decided');
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });

    it('answers wrong_status once the approval window has closed', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      f.clock.advance(61 * MINUTE);
      const before = await snapshot(f, item.requestId);

      // Act
      const answer = await f.handler({
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'approved' },
      });

      // Assess
      expect(refusal(answer).code).toBe('wrong_status');
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });

    it('throws when the hand-off fails, and a retry by the same approver hands it over', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      const decide = {
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'approved' },
      };
      f.tokens.failNext(new Error('SendTaskSuccess timed out'));

      // Act
      const first = f.handler(decide);
      await expect(first).rejects.toBeInstanceOf(RetryableError);
      const retry = await f.handler(decide);

      // Assess
      expect(retry).toMatchObject({ ok: true, request: { status: 'approved' } });
      expect(f.tokens.deliveries).toEqual([
        { taskToken: TASK_TOKEN, output: { verdict: 'approved' } },
      ]);
      expect(f.approvals.auditEvents(item.requestId).map((event) => event.type)).toEqual([
        'request.created',
        'request.status_changed',
        'request.decided',
      ]);
    });
  });

  describe('get_request and list_requests', () => {
    it('reads one request as callers may see it, never with its task token', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);

      // Act
      const answer = await f.handler({ operation: 'get_request', requestId: item.requestId });

      // Assess
      expect(answer).toMatchObject({
        ok: true,
        request: {
          requestId: item.requestId,
          status: 'pending',
          requester: 'U_ALICE',
          intendedTools: [TOOL, OTHER_TOOL],
          policy: { outcome: 'require_approval', quorum: 1 },
        },
      });
      expect(JSON.stringify(answer)).not.toContain(TASK_TOKEN);
      expect(JSON.stringify(answer)).not.toContain('taskToken');
    });

    it('tells what happened to a request, oldest first, without its task token', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      await f.handler({
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'rejected' },
      });

      // Act
      const answer = await f.handler({ operation: 'get_timeline', requestId: item.requestId });

      // Assess
      expect(answer).toMatchObject({
        ok: true,
        requestId: item.requestId,
        events: [
          { seq: 1, type: 'request.created', actor: 'U_ALICE' },
          { seq: 2, type: 'request.status_changed', actor: 'approval', data: { to: 'pending' } },
          { seq: 3, type: 'request.decided', actor: 'U_APPROVER', data: { verdict: 'rejected' } },
        ],
      });
      expect(JSON.stringify(answer)).not.toContain(TASK_TOKEN);
    });

    it.each(['get_request', 'get_timeline'])(
      'answers not_found to %s for a request that does not exist',
      async (operation) => {
        // Prepare
        const f = setup();
        const requestId = newRequestId(0);

        // Act
        const answer = await f.handler({ operation, requestId });

        // Assess
        expect(answer).toEqual({
          ok: false,
          error: { code: 'not_found', message: `request ${requestId} not found` },
        });
      },
    );

    it('lists requests in one status, newest first, pending by default', async () => {
      // Prepare
      const f = setup();
      const older = await pendingRequest(f);
      f.clock.advance(MINUTE);
      const newer = await pendingRequest(f);
      await receivedRequest(f);

      // Act
      const pending = await f.handler({ operation: 'list_requests' });
      const page = await f.handler({ operation: 'list_requests', status: 'pending', limit: 1 });

      // Assess
      expect(pending).toMatchObject({
        ok: true,
        requests: [{ requestId: newer.requestId }, { requestId: older.requestId }],
      });
      expect(page).toMatchObject({
        ok: true,
        requests: [{ requestId: newer.requestId }],
        nextCursor: expect.any(String),
      });
      expect(JSON.stringify(pending)).not.toContain(TASK_TOKEN);
    });

    it('answers validation_failed for a cursor the store never issued', async () => {
      // Prepare
      const f = setup();

      // Act
      const answer = await f.handler({ operation: 'list_requests', cursor: 'not-a-cursor' });

      // Assess
      expect(refusal(answer).code).toBe('validation_failed');
    });
  });

  describe('infrastructure faults', () => {
    it.each([
      ['get', { operation: 'get_request' }],
      ['get', { operation: 'record_decision' }],
      ['recordDecision', { operation: 'record_decision' }],
      ['listByStatus', { operation: 'list_requests' }],
      ['create', { operation: 'submit' }],
    ] as const)('throws a failed %s (%o), never answering it', async (method, shape) => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      const events: Record<string, unknown> = {
        get_request: { operation: 'get_request', requestId: item.requestId },
        record_decision: {
          operation: 'record_decision',
          decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'approved' },
        },
        list_requests: { operation: 'list_requests' },
        submit: {
          operation: 'submit',
          request: {
            requester: { userId: 'U_ALICE' },
            origin: { source: 'cli' },
            toolCalls: [{ tool: TOOL, arguments: {} }],
          },
        },
      };
      const before = await snapshot(f, item.requestId);
      const fault = new RetryableError('DynamoDB throttled the request');
      f.approvals.failNext(method, fault);

      // Act
      const attempt = f.handler(events[shape.operation]);

      // Assess
      await expect(attempt).rejects.toBe(fault);
      expect(await snapshot(f, item.requestId)).toEqual(before);
      expect(f.logs().at(-1)).toMatchObject({
        level: 'ERROR',
        message: 'invocation failed',
        errorName: 'RetryableError',
        errorCode: 'retryable',
        functionName: 'requests',
        step: shape.operation,
      });
      expect(f.metrics().at(-1)).toMatchObject({ Failure: 1 });
    });
  });

  describe('logging', () => {
    it('tags every line with the function, the operation and the request', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);

      // Act
      await f.handler({ operation: 'get_request', requestId: item.requestId });

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'INFO',
          message: 'invocation finished',
          service: 'agentcore-requests',
          functionName: 'requests',
          step: 'get_request',
          requestId: item.requestId,
        }),
      ]);
      expect(f.metrics()).toEqual([]);
    });

    it('logs a refusal as a warning with its code, and counts it', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);

      // Act
      await f.handler({ step: 'expire', requestId: item.requestId, executionArn: 'arn' });
      await f.handler({
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver: 'U_MALLORY', verdict: 'approved' },
      });

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'WARN',
          message: 'invocation refused',
          errorCode: 'validation_failed',
          functionName: 'requests',
          requestId: item.requestId,
        }),
        expect.objectContaining({
          level: 'WARN',
          message: 'invocation refused',
          errorCode: 'not_authorised',
          functionName: 'requests',
          step: 'record_decision',
        }),
      ]);
      expect(f.metrics()).toEqual([
        expect.objectContaining({ Refusal: 1, service: 'agentcore-requests' }),
        expect.objectContaining({ Refusal: 1 }),
      ]);
      expect(f.metrics()[0]?._aws).toMatchObject({
        CloudWatchMetrics: [{ Namespace: 'AgentCore', Metrics: [{ Name: 'Refusal' }] }],
      });
    });

    it('tags the lines of a decision and of a submission with their request id', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);

      // Act
      await f.handler({
        operation: 'record_decision',
        decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'approved' },
      });
      const submitted = await f.handler({
        operation: 'submit',
        request: {
          requester: { userId: 'U_ALICE' },
          origin: { source: 'cli' },
          toolCalls: [{ tool: TOOL, arguments: {} }],
        },
      });

      // Assess
      const [decided, submission] = f.logs();
      expect(decided).toMatchObject({ step: 'record_decision', requestId: item.requestId });
      expect(submission).toMatchObject({
        step: 'submit',
        requestId: submitted.requestId,
      });
    });

    it('writes no task token or secret, even when an error or a caller carries one', async () => {
      // Prepare
      const f = setup();
      const item = await pendingRequest(f);
      f.tokens.failNext(new Error(`InvalidToken: ${TASK_TOKEN} secret ${TOTP_SECRET}`));
      f.approvals.failNext('get', new RetryableError(`GetItem failed near ${TOTP_SECRET}`));

      // Act
      await f
        .handler({
          operation: 'record_decision',
          decision: { requestId: item.requestId, approver: 'U_APPROVER', verdict: 'approved' },
        })
        .catch(() => undefined);
      await f
        .handler({ operation: 'get_request', requestId: item.requestId })
        .catch(() => undefined);
      await f.handler({ operation: 'get_request', requestId: item.requestId });
      await f.handler({
        operation: 'submit',
        request: {
          requester: { userId: TOTP_SECRET },
          origin: { source: 'cli' },
          query: `use ${TOTP_SECRET} and ${TASK_TOKEN}`,
        },
      });
      await f.handler({ step: 'await_approval', requestId: item.requestId, taskToken: TASK_TOKEN });

      // Assess
      expect(f.logs().length).toBeGreaterThanOrEqual(5);
      for (const line of f.lines) {
        expect(line).not.toContain(TASK_TOKEN);
        expect(line).not.toContain(TOTP_SECRET);
      }
    });
  });
});
