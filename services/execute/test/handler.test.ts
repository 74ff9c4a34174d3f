import { capturedTelemetry } from '@agentcore/adapters/testing';
import {
  type ApprovalItem,
  newRequestId,
  type PolicyDecision,
  type RequestStatus,
  RetryableError,
  type ToolCall,
  ValidationError,
} from '@agentcore/core';
import { StaleExecutionError, WrongStatusError } from '@agentcore/workflow';
import {
  InMemoryApprovalRepository,
  InMemoryExecutionAudit,
  ManualClock,
} from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index.js';
import { AllowlistToolSessions } from './support/tool-sessions.js';

const SEARCH = 'gifs__search_gifs';
const TRENDING = 'gifs__trending_gifs';
const BROKEN = 'gifs__broken_gifs';
const RESET = 'google_admin__reset_user_2fa';
const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd9planted-task-token-for-execute';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPPLANTEDSECRET';
const EXECUTIONS = 'arn:aws:states:us-east-1:123456789012:execution:hitl';
const SECOND = 1_000;

const ALLOW: PolicyDecision = { outcome: 'allow', policyIds: ['reads'], reason: 'read-only' };
const REQUIRE_APPROVAL: PolicyDecision = {
  outcome: 'require_approval',
  policyIds: ['account-changes'],
  reason: 'account changes need an approver',
  approval: {
    approverUserIds: ['U_APPROVER'],
    approverGroups: [],
    quorum: 1,
    allowSelfApproval: false,
    expiresInSeconds: 3_600,
  },
};

function setup() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const approvals = new InMemoryApprovalRepository(clock.now);
  const audit = new InMemoryExecutionAudit(clock);
  /** Run by the next searches, while they run. */
  const duringSearch: (() => void)[] = [];
  const sessions = new AllowlistToolSessions({
    [SEARCH]: (args) => {
      duringSearch.shift()?.();
      clock.advance(SECOND);
      return { text: `found ${String(args.query)}` };
    },
    [TRENDING]: () => ({ text: 'trending: dogs' }),
    [BROKEN]: () => ({ text: 'upstream answered 503', isError: true }),
    [RESET]: (args) => ({ text: `2FA reset for ${String(args.email)}` }),
  });
  const { telemetry, lines, logs, metrics } = capturedTelemetry('execute', {
    TOTP_SECRET_DEMO: TOTP_SECRET,
  });
  const handler = createHandler({
    telemetry,
    approvals,
    evidence: approvals,
    sessions,
    audit,
    clock: clock.now,
  });
  return {
    clock,
    approvals,
    audit,
    sessions,
    duringSearch,
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

/** A request as submitted: the exact calls (direct mode), or natural language when none. */
async function received(f: Fixture, calls: ToolCall[]): Promise<ApprovalItem> {
  const requestId = newRequestId(f.clock.now().getTime());
  const requester = { userId: 'U_ALICE', groups: [] };
  const tools = [...new Set(calls.map((call) => call.tool))];
  return f.approvals.create(
    {
      requestId,
      requester,
      action: {
        requester,
        origin: { source: 'cli' },
        query: 'find me a cat',
        summary: 'find me a cat',
        category: 'other',
        environment: 'dev',
        intendedTools: tools,
        ...(calls.length > 0 ? { toolCalls: calls } : {}),
      },
      intendedTools: tools,
      executionArn: `${EXECUTIONS}:${requestId}`,
    },
    'U_ALICE',
  );
}

/** A request approved by U_APPROVER for `allowedTools`, pinned as the tools were then. */
async function approved(
  f: Fixture,
  calls: ToolCall[],
  allowedTools = calls.map((call) => call.tool),
): Promise<ApprovalItem> {
  const item = await received(f, calls);
  await f.approvals.transition(item.requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
    changes: {
      policy: REQUIRE_APPROVAL,
      taskToken: TASK_TOKEN,
      allowedTools: item.intendedTools,
      toolPins: Object.fromEntries(item.intendedTools.map((tool) => [tool, `pin:${tool}`])),
      expiresAt: '2030-01-01T01:00:00.000Z',
    },
  });
  await f.approvals.recordDecision(
    item.requestId,
    {
      verdict: 'approved',
      approver: 'U_APPROVER',
      decidedAt: f.clock.now().toISOString(),
      allowedTools,
    },
    1,
  );
  return stored(f, item.requestId);
}

async function moved(f: Fixture, item: ApprovalItem, path: RequestStatus[]) {
  let from = item.status;
  for (const to of path) {
    await f.approvals.transition(item.requestId, { from, to, actor: 'workflow' });
    from = to;
  }
  return stored(f, item.requestId);
}

function executeEvent(item: ApprovalItem, extra: Record<string, unknown> = {}) {
  return { step: 'execute', requestId: item.requestId, executionArn: item.executionArn, ...extra };
}

const search = (query: string): ToolCall => ({ tool: SEARCH, arguments: { query } });
const trending: ToolCall = { tool: TRENDING, arguments: {} };
const reset: ToolCall = { tool: RESET, arguments: { email: 'bob@example.com' } };
const broken: ToolCall = { tool: BROKEN, arguments: {} };

async function failure(attempt: Promise<unknown>): Promise<Error> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the invocation to throw');
}

describe('the execute handler', () => {
  describe('what it runs', () => {
    it('runs a request policy allowed, every call once and in order, and records it', async () => {
      // Prepare
      const f = setup();
      const item = await received(f, [search('cat'), trending]);

      // Act
      const answer = await f.handler(executeEvent(item, { policy: ALLOW }));

      // Assess
      expect(answer).toEqual({ followUp: false });
      expect(f.sessions.opened).toEqual([
        {
          requestId: item.requestId,
          requester: item.requester,
          allowedTools: [SEARCH, TRENDING],
          pins: undefined,
          closed: true,
        },
      ]);
      expect(f.sessions.invocations.map(({ tool, arguments: args }) => ({ tool, args }))).toEqual([
        { tool: SEARCH, args: { query: 'cat' } },
        { tool: TRENDING, args: {} },
      ]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'completed',
        policy: ALLOW,
        allowedTools: [SEARCH, TRENDING],
        result: {
          outcome: 'completed',
          output: 'found cat\n\ntrending: dogs',
          toolCalls: [
            { ...search('cat'), ok: true, output: 'found cat' },
            { ...trending, ok: true, output: 'trending: dogs' },
          ],
          startedAt: '2030-01-01T00:00:00.000Z',
          finishedAt: '2030-01-01T00:00:01.000Z',
        },
      });
      expect(f.approvals.auditEvents(item.requestId).map((event) => event.data)).toEqual([
        expect.anything(),
        {
          from: 'received',
          to: 'executing',
          reason: null,
          policy: 'allow',
          policyIds: ALLOW.policyIds,
        },
        { from: 'executing', to: 'completed', reason: null },
      ]);
    });

    it('runs an approved request with exactly the approved tools, at their approved pins', async () => {
      // Prepare
      const f = setup();
      const item = await approved(f, [reset, search('bob')]);

      // Act
      await f.handler(executeEvent(item));

      // Assess
      expect(f.sessions.opened).toMatchObject([
        {
          allowedTools: [RESET, SEARCH],
          pins: { [RESET]: `pin:${RESET}`, [SEARCH]: `pin:${SEARCH}` },
        },
      ]);
      expect(f.sessions.invocations.map((call) => call.tool)).toEqual([RESET, SEARCH]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'completed',
        result: { outcome: 'completed', output: '2FA reset for bob@example.com\n\nfound bob' },
      });
    });

    it('never runs a call the approver left out: the request fails before any call runs', async () => {
      // Prepare
      const f = setup();
      const item = await approved(f, [search('cat'), reset], [SEARCH]);

      // Act
      await f.handler(executeEvent(item));

      // Assess
      expect(f.sessions.invocations).toEqual([]);
      expect(f.sessions.opened).toEqual([]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'failed',
        statusReason: expect.stringContaining(`${RESET} is not among the tools`),
        result: { outcome: 'failed', toolCalls: [], error: { code: 'tool_not_allowed' } },
      });
      expect(f.metrics()).toEqual([expect.objectContaining({ ToolCall: 0, ToolCallFailure: 0 })]);
    });

    it('refuses a tool whose definition changed since it was approved', async () => {
      // Prepare
      const f = setup();
      const item = await approved(f, [reset]);
      f.sessions.redefine(RESET, 'pin:reset-and-also-email-the-codes');

      // Act
      await f.handler(executeEvent(item));

      // Assess
      expect(f.sessions.invocations).toEqual([]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'failed',
        result: {
          outcome: 'failed',
          toolCalls: [{ tool: RESET, ok: false, error: expect.stringContaining('changed since') }],
          error: { code: 'tool_definition_changed' },
        },
      });
    });

    it('stops at the first call a tool reports as failed', async () => {
      // Prepare
      const f = setup();
      const item = await received(f, [broken, search('cat')]);

      // Act
      await f.handler(executeEvent(item, { policy: ALLOW }));

      // Assess
      expect(f.sessions.invocations.map((call) => call.tool)).toEqual([BROKEN]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'failed',
        statusReason: 'upstream answered 503',
        result: {
          outcome: 'failed',
          toolCalls: [{ tool: BROKEN, ok: false, error: 'upstream answered 503' }],
          error: { code: 'tool_error', message: 'upstream answered 503' },
        },
      });
      expect(f.metrics()).toEqual([expect.objectContaining({ ToolCall: 1, ToolCallFailure: 1 })]);
    });

    it('fails a request approved without exact calls, running nothing', async () => {
      // Prepare
      const f = setup();
      const item = await approved(f, []);

      // Act
      await f.handler(executeEvent(item));

      // Assess
      expect(f.sessions.opened).toEqual([]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'failed',
        result: { toolCalls: [], error: { code: 'no_exact_calls' } },
      });
    });

    it('records each call in the request audit before and after it runs', async () => {
      // Prepare
      const f = setup();
      const item = await received(f, [search('cat')]);

      // Act
      await f.handler(executeEvent(item, { policy: ALLOW }));

      // Assess
      expect(f.audit.of(item.requestId)).toEqual([
        expect.objectContaining({
          type: 'tool_call.started',
          actor: 'execute',
          data: {
            step: 1,
            index: 0,
            tool: SEARCH,
            argumentsDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
        }),
        expect.objectContaining({
          type: 'tool_call.finished',
          data: expect.objectContaining({
            tool: SEARCH,
            ok: true,
            durationMs: SECOND,
            outputBytes: 9,
          }),
        }),
      ]);
    });
  });

  describe('when it runs nothing', () => {
    it.each([
      ['no policy verdict', {}],
      ['a verdict that requires approval', { policy: REQUIRE_APPROVAL }],
      ['a denial', { policy: { outcome: 'deny', reason: 'no' } }],
    ])('throws for a request not yet allowed (%s), opening no session', async (_, extra) => {
      // Prepare
      const f = setup();
      const item = await received(f, [reset]);

      // Act
      const error = await failure(f.handler(executeEvent(item, extra)));

      // Assess
      expect(error).toBeInstanceOf(WrongStatusError);
      expect(f.sessions.opened).toEqual([]);
      expect(await stored(f, item.requestId)).toEqual(item);
    });

    it('ignores an allow verdict in the event once people have been asked', async () => {
      // Prepare
      const f = setup();
      const pending = await moved(f, await received(f, [reset]), ['pending']);
      const cancelled = await moved(f, await approved(f, [reset]), ['cancelled']);

      // Act
      const error = await failure(f.handler(executeEvent(pending, { policy: ALLOW })));
      const answer = await f.handler(executeEvent(cancelled, { policy: ALLOW }));

      // Assess
      expect(error).toBeInstanceOf(WrongStatusError);
      expect(answer).toEqual({ followUp: false });
      expect(f.sessions.opened).toEqual([]);
      expect(await stored(f, pending.requestId)).toEqual(pending);
      expect(await stored(f, cancelled.requestId)).toEqual(cancelled);
    });

    it.each([['completed'], ['failed']] as const)(
      'does nothing for a request already %s (a repeated step)',
      async (status) => {
        // Prepare
        const f = setup();
        const item = await moved(f, await received(f, [reset]), ['executing', status]);

        // Act
        const answer = await f.handler(executeEvent(item, { policy: ALLOW }));

        // Assess
        expect(answer).toEqual({ followUp: false });
        expect(f.sessions.opened).toEqual([]);
        expect(await stored(f, item.requestId)).toEqual(item);
      },
    );

    it('fails a request found mid-run instead of running its tools a second time', async () => {
      // Prepare
      const f = setup();
      const item = await moved(f, await approved(f, [reset]), ['executing']);

      // Act
      await f.handler(executeEvent(item));

      // Assess
      expect(f.sessions.opened).toEqual([]);
      expect(await stored(f, item.requestId)).toMatchObject({
        status: 'failed',
        statusReason: expect.stringContaining('not re-run'),
      });
    });
  });

  describe('the trust boundary', () => {
    it('refuses a step from an execution that does not carry the request', async () => {
      // Prepare
      const f = setup();
      const allowed = await received(f, [reset]);
      const approvedItem = await approved(f, [reset]);
      const audit = f.approvals.auditEvents();

      // Act
      const errors = [
        await failure(
          f.handler(executeEvent(allowed, { executionArn: `${EXECUTIONS}:x`, policy: ALLOW })),
        ),
        await failure(
          f.handler(executeEvent(approvedItem, { executionArn: allowed.executionArn })),
        ),
      ];

      // Assess
      for (const error of errors) {
        expect(error).toBeInstanceOf(StaleExecutionError);
        expect(error).toMatchObject({ code: 'stale_execution' });
      }
      expect(f.sessions.opened).toEqual([]);
      expect(f.approvals.auditEvents()).toEqual(audit);
    });

    it.each([
      ['submit', (id: string) => ({ operation: 'submit', request: { requestId: id } })],
      [
        'record_decision',
        (id: string) => ({
          operation: 'record_decision',
          decision: { requestId: id, approver: 'U_APPROVER', verdict: 'approved' },
        }),
      ],
      ['a re-drive', (id: string) => ({ request_id: id })],
      ['an operator submission', () => ({ action_text: 'reset 2FA for the CEO' })],
      ['the plan step', (id: string) => ({ step: 'plan', requestId: id })],
      ['the evaluate_policy step', (id: string) => ({ step: 'evaluate_policy', requestId: id })],
      ['the await_approval step', (id: string) => ({ step: 'await_approval', requestId: id })],
      ['the notify step', (id: string) => ({ step: 'notify', requestId: id })],
      ['no step', (id: string) => ({ requestId: id })],
    ])('throws a validation error for %s, running nothing', async (_, event) => {
      // Prepare
      const f = setup();
      const item = await approved(f, [reset]);
      const audit = f.approvals.auditEvents();

      // Act
      const error = await failure(
        f.handler({ executionArn: item.executionArn, policy: ALLOW, ...event(item.requestId) }),
      );

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toContain('invalid execute step');
      expect(f.sessions.opened).toEqual([]);
      expect(f.approvals.auditEvents()).toEqual(audit);
    });

    it.each([
      ['no request id', { requestId: undefined }],
      ['a request id that is not a ULID', { requestId: '../../etc/passwd' }],
      ['an oversized execution', { executionArn: 'a'.repeat(2_049) }],
      ['a made-up verdict', { policy: { outcome: 'run_anyway', reason: 'x' } }],
      ['a verdict without a reason', { policy: { outcome: 'allow' } }],
    ])('throws a validation error for %s', async (_, overrides) => {
      // Prepare
      const f = setup();
      const item = await received(f, [reset]);

      // Act
      const error = await failure(f.handler(executeEvent(item, { policy: ALLOW, ...overrides })));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(f.sessions.opened).toEqual([]);
      expect(await stored(f, item.requestId)).toEqual(item);
    });
  });

  describe('infrastructure faults', () => {
    it.each(['get', 'transition'] as const)(
      'throws a failed %s before anything ran',
      async (method) => {
        // Prepare
        const f = setup();
        const item = await approved(f, [reset]);
        const fault = new RetryableError('DynamoDB throttled the request');
        f.approvals.failNext(method, fault);

        // Act
        const error = await failure(f.handler(executeEvent(item)));

        // Assess
        expect(error).toBe(fault);
        expect(f.sessions.opened).toEqual([]);
        expect(await stored(f, item.requestId)).toEqual(item);
      },
    );

    it('throws a failed final write; the retry fails the request and never re-runs its tools', async () => {
      // Prepare
      const f = setup();
      const item = await approved(f, [search('cat')]);
      const fault = new RetryableError('DynamoDB throttled TransactWriteItems');
      f.duringSearch.push(() => f.approvals.failNext('transition', fault));

      // Act
      const error = await failure(f.handler(executeEvent(item)));
      const midRun = await stored(f, item.requestId);
      await f.handler(executeEvent(item));

      // Assess
      expect(error).toBe(fault);
      expect(midRun.status).toBe('executing');
      expect(f.sessions.invocations).toHaveLength(1);
      expect(await stored(f, item.requestId)).toMatchObject({ status: 'failed' });
    });
  });

  describe('logging', () => {
    it('tags every line with the function, the step, the request and its execution', async () => {
      // Prepare
      const f = setup();
      const item = await approved(f, [search('cat'), trending]);

      // Act
      await f.handler(executeEvent(item));

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'INFO',
          message: 'invocation finished',
          service: 'agentcore-execute',
          functionName: 'execute',
          step: 'execute',
          requestId: item.requestId,
          executionArn: item.executionArn,
        }),
      ]);
      expect(f.metrics()).toEqual([
        expect.objectContaining({ ToolCall: 2, ToolCallFailure: 0, service: 'agentcore-execute' }),
      ]);
    });

    it('logs a failure as an error with its name and code, and counts it', async () => {
      // Prepare
      const f = setup();
      const item = await received(f, [reset]);

      // Act
      await failure(f.handler(executeEvent(item)));

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'ERROR',
          message: 'invocation failed',
          errorName: 'WrongStatusError',
          errorCode: 'wrong_status',
          functionName: 'execute',
          step: 'execute',
          requestId: item.requestId,
          executionArn: item.executionArn,
        }),
      ]);
      expect(f.metrics()).toEqual([expect.objectContaining({ Failure: 1 })]);
    });

    it('writes no task token or secret, whatever the event, the tools or the store carry', async () => {
      // Prepare
      const f = setup();
      const first = await approved(f, [search(TOTP_SECRET)]);
      const second = await approved(f, [reset]);
      f.approvals.failNext('get', new RetryableError(`GetItem failed near ${TOTP_SECRET}`));

      // Act
      await failure(f.handler(executeEvent(second)));
      await f.handler(executeEvent(first, { taskToken: TASK_TOKEN }));
      await f.handler(executeEvent(second, { taskToken: TASK_TOKEN, secret: TOTP_SECRET }));
      await failure(f.handler({ step: 'await_approval', taskToken: TASK_TOKEN }));

      // Assess
      expect(f.logs()).toHaveLength(4);
      for (const line of f.lines) {
        expect(line).not.toContain(TASK_TOKEN);
        expect(line).not.toContain(TOTP_SECRET);
      }
    });
  });
});
