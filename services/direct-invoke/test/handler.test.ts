import { capturedTelemetry } from '@agentcore/adapters/testing';
import {
  type ApprovalItem,
  newRequestId,
  type PolicyDecision,
  type RequestStatus,
  RetryableError,
} from '@agentcore/core';
import {
  InMemoryApprovalRepository,
  ManualClock,
  RecordingExecutionStarter,
  RecordingTaskTokens,
} from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index.js';

const TOOL = 'gifs__search_gifs';
const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd9planted-task-token-for-direct-invoke';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPPLANTEDSECRET';

const REQUIRE_APPROVAL: PolicyDecision = {
  outcome: 'require_approval',
  policyIds: [],
  reason: 'needs an approver',
  approval: {
    approverUserIds: ['U_APPROVER'],
    approverGroups: [],
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

/**
 * The operators' function over in-memory ports. It is handed task tokens too, though its
 * dependencies do not name them, so a test can see that it never uses them.
 */
function setup(environment?: string) {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const approvals = new InMemoryApprovalRepository(clock.now);
  const executions = new RecordingExecutionStarter();
  const tokens = new RecordingTaskTokens();
  const { telemetry, lines, logs, metrics } = capturedTelemetry('direct-invoke', {
    TOTP_SECRET_DEMO: TOTP_SECRET,
  });
  const deps = {
    telemetry,
    approvals,
    executions,
    tokens,
    clock: clock.now,
    ...(environment === undefined ? {} : { environment }),
  };
  const handle = createHandler(deps);
  return {
    clock,
    approvals,
    executions,
    tokens,
    lines,
    handler: (event: unknown) => handle(event) as Promise<unknown> as Promise<Answer>,
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

/** A direct-mode request moved along the status table to `status`, as its workflow would. */
async function requestIn(f: Fixture, status: RequestStatus): Promise<ApprovalItem> {
  const requestId = newRequestId(f.clock.now().getTime());
  const requester = { userId: 'U_ALICE', groups: [] };
  await f.approvals.create(
    {
      requestId,
      requester,
      action: {
        requester,
        origin: { source: 'cli' },
        query: 'Run gifs/search_gifs',
        summary: 'Run gifs/search_gifs',
        category: 'other',
        environment: 'dev',
        intendedTools: [TOOL],
        toolCalls: [{ tool: TOOL, arguments: { query: 'cat' } }],
      },
      intendedTools: [TOOL],
      executionArn: f.executions.executionArnOf(requestId),
    },
    'U_ALICE',
  );
  const move = (from: RequestStatus, to: RequestStatus, changes = {}) =>
    f.approvals.transition(requestId, { from, to, actor: 'workflow', changes });
  const waiting = { policy: REQUIRE_APPROVAL, taskToken: TASK_TOKEN, allowedTools: [TOOL] };
  const paths: Record<string, () => Promise<void>> = {
    received: async () => undefined,
    pending: () => move('received', 'pending', waiting),
    approved: async () => {
      await move('received', 'pending', waiting);
      await f.approvals.recordDecision(
        requestId,
        {
          verdict: 'approved',
          approver: 'U_APPROVER',
          decidedAt: f.clock.now().toISOString(),
          allowedTools: [TOOL],
        },
        1,
      );
    },
    rejected: async () => {
      await move('received', 'pending', waiting);
      await f.approvals.recordDecision(
        requestId,
        {
          verdict: 'rejected',
          approver: 'U_APPROVER',
          decidedAt: f.clock.now().toISOString(),
          allowedTools: [],
        },
        1,
      );
    },
    executing: () => move('received', 'executing'),
    completed: async () => {
      await move('received', 'executing');
      await move('executing', 'completed');
    },
    denied: () => move('received', 'denied', { statusReason: 'denied by policy' }),
    expired: async () => {
      await move('received', 'pending', waiting);
      await move('pending', 'expired');
    },
  };
  const path = paths[status];
  if (!path) throw new Error(`no path to ${status}`);
  await path();
  return stored(f, requestId);
}

async function snapshot(f: Fixture, requestId: string) {
  return {
    item: await f.approvals.get(requestId),
    audit: f.approvals.auditEvents(),
    deliveries: f.tokens.deliveries,
    started: f.executions.started,
  };
}

function refusalCode(answer: Answer): string | undefined {
  expect(answer.ok).toBe(false);
  return answer.error?.code;
}

function stepEvents(item: ApprovalItem): [string, Record<string, unknown>][] {
  const target = { requestId: item.requestId, executionArn: item.executionArn };
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
        policy: REQUIRE_APPROVAL,
      },
    ],
    ['execute', { ...target, step: 'execute', policy: { outcome: 'allow', reason: 'forged' } }],
    ['expire', { ...target, step: 'expire' }],
    ['fail', { ...target, step: 'fail', error: { Error: 'States.Timeout' } }],
    ['notify', { ...target, step: 'notify' }],
  ];
}

describe('the direct-invoke handler', () => {
  describe('the trust boundary', () => {
    it.each(['received', 'pending', 'approved'] as const)(
      'refuses every workflow step aimed at a %s request, changing nothing',
      async (status) => {
        // Prepare
        const f = setup();
        const item = await requestIn(f, status);
        const before = await snapshot(f, item.requestId);

        for (const [step, event] of stepEvents(item)) {
          // Act
          const answer = await f.handler(event);

          // Assess
          expect(answer, step).toEqual({
            ok: false,
            error: {
              code: 'validation_failed',
              message: expect.stringContaining('invalid direct invoke'),
              issues: expect.arrayContaining([
                { path: expect.any(String), message: expect.any(String) },
              ]),
            },
          });
          expect(await snapshot(f, item.requestId), step).toEqual(before);
        }
      },
    );

    it.each([
      ['a re-drive carrying a step', (id: string) => ({ request_id: id, step: 'execute' })],
      [
        'a re-drive carrying a verdict',
        (id: string) => ({ request_id: id, verdict: 'approved', approver: 'U_APPROVER' }),
      ],
      [
        'a re-drive carrying a policy',
        (id: string) => ({ request_id: id, policy: { outcome: 'allow', reason: 'ops said so' } }),
      ],
      [
        'the request API’s record_decision',
        (id: string) => ({
          operation: 'record_decision',
          decision: { requestId: id, approver: 'U_APPROVER', verdict: 'approved' },
        }),
      ],
      [
        'the seed’s approval shape',
        (id: string) => ({
          request_id: id,
          approval_status: 'approved',
          approver_id: 'U_APPROVER',
        }),
      ],
      [
        'a submission carrying tool calls',
        () => ({ action_text: 'run it', toolCalls: [{ tool: TOOL, arguments: {} }] }),
      ],
    ])('never decides: refuses %s, delivering nothing', async (_, event) => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'pending');
      const before = await snapshot(f, item.requestId);

      // Act
      const answer = await f.handler(event(item.requestId));

      // Assess
      expect(refusalCode(answer)).toBe('validation_failed');
      expect(await snapshot(f, item.requestId)).toEqual(before);
      expect(f.tokens.deliveries).toEqual([]);
    });
  });

  describe('re-drive ({request_id})', () => {
    it.each(['received', 'approved'] as const)(
      'hands a %s request to its one workflow, changing nothing itself',
      async (status) => {
        // Prepare
        const f = setup();
        const item = await requestIn(f, status);
        const audit = f.approvals.auditEvents();

        // Act
        const answer = await f.handler({ request_id: item.requestId });

        // Assess
        expect(answer).toMatchObject({
          ok: true,
          request: { requestId: item.requestId, status },
          executionArn: item.executionArn,
        });
        expect(f.executions.started).toEqual([item.requestId]);
        expect(await stored(f, item.requestId)).toEqual(item);
        expect(f.approvals.auditEvents()).toEqual(audit);
        expect(f.tokens.deliveries).toEqual([]);
        expect(JSON.stringify(answer)).not.toContain(TASK_TOKEN);
      },
    );

    it('refuses to run a request that waits for approval', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'pending');
      const before = await snapshot(f, item.requestId);

      // Act
      const answer = await f.handler({ request_id: item.requestId });

      // Assess
      expect(answer).toEqual({
        ok: false,
        error: { code: 'wrong_status', message: expect.stringContaining('waiting for approval') },
      });
      expect(await snapshot(f, item.requestId)).toEqual(before);
    });

    it.each(['executing', 'completed', 'rejected', 'denied', 'expired'] as const)(
      'reports a %s request as it is, starting nothing',
      async (status) => {
        // Prepare
        const f = setup();
        const item = await requestIn(f, status);
        const before = await snapshot(f, item.requestId);

        // Act
        const answer = await f.handler({ request_id: item.requestId });

        // Assess
        expect(answer).toEqual({
          ok: true,
          request: expect.objectContaining({ requestId: item.requestId, status }),
        });
        expect(await snapshot(f, item.requestId)).toEqual(before);
      },
    );

    it('answers not_found for a request that does not exist', async () => {
      // Prepare
      const f = setup();
      const requestId = newRequestId(0);

      // Act
      const answer = await f.handler({ request_id: requestId });

      // Assess
      expect(refusalCode(answer)).toBe('not_found');
      expect(f.executions.started).toEqual([]);
    });
  });

  describe('submit ({action_text})', () => {
    it('records a request from the operator’s text and starts its workflow', async () => {
      // Prepare
      const f = setup();

      // Act
      const answer = await f.handler({ action_text: '  reset 2FA for bob@example.com ' });

      // Assess
      expect(answer).toEqual({
        ok: true,
        requestId: expect.any(String),
        executionArn: expect.any(String),
      });
      const requestId = String(answer.requestId);
      expect(f.executions.started).toEqual([requestId]);
      expect(await stored(f, requestId)).toMatchObject({
        status: 'received',
        requester: { userId: 'lambda-invoke' },
        intendedTools: [],
        action: {
          query: 'reset 2FA for bob@example.com',
          origin: { source: 'lambda' },
          environment: 'dev',
        },
      });
    });

    it("takes the requester the operator names, and the deployment's environment whatever the event says", async () => {
      // Prepare
      const f = setup('staging');

      // Act
      const answer = await f.handler({
        action_text: 'add role X to alice',
        user_id: 'U_OPS',
        environment: 'prod',
      });

      // Assess
      const requestId = String(answer.requestId);
      expect(await stored(f, requestId)).toMatchObject({
        requester: { userId: 'U_OPS' },
        action: { environment: 'staging' },
      });
    });

    it.each([
      ['an empty text', { action_text: '   ' }, 'action_text'],
      ['an oversized text', { action_text: 'x'.repeat(16_001) }, 'action_text'],
      ['both formats at once', { action_text: 'x', request_id: newRequestId(0) }, ''],
      ['a request id that is not a ULID', { request_id: 'sha256-of-the-text' }, 'request_id'],
      ['nothing', {}, ''],
      ['not an object', '01J0000000000000000000000A', ''],
    ])('answers validation_failed for %s', async (_, event, path) => {
      // Prepare
      const f = setup();

      // Act
      const answer = await f.handler(event);

      // Assess
      expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      const issues = answer.error?.issues ?? [];
      expect(issues.length).toBeGreaterThan(0);
      if (path) expect(issues.map((issue) => issue.path)).toContain(path);
      expect(f.approvals.auditEvents()).toEqual([]);
      expect(f.executions.started).toEqual([]);
    });
  });

  describe('infrastructure faults', () => {
    it('throws a failed read, never answering it', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'received');
      const fault = new RetryableError('DynamoDB throttled GetItem');
      f.approvals.failNext('get', fault);

      // Act
      const attempt = f.handler({ request_id: item.requestId });

      // Assess
      await expect(attempt).rejects.toBe(fault);
      expect(f.executions.started).toEqual([]);
    });

    it('throws when the workflow cannot be started, for either format', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'approved');
      f.executions.failNext(new RetryableError('Step Functions throttled StartExecution'), 2);

      // Act
      const redrive = f.handler({ request_id: item.requestId });
      const submit = f.handler({ action_text: 'reset 2FA for bob@example.com' });

      // Assess
      await expect(redrive).rejects.toBeInstanceOf(RetryableError);
      await expect(submit).rejects.toBeInstanceOf(RetryableError);
      expect(await stored(f, item.requestId)).toEqual(item);
      expect(f.metrics()).toEqual([
        expect.objectContaining({ Failure: 1 }),
        expect.objectContaining({ Failure: 1 }),
      ]);
    });

    it('throws a failed write of a new request', async () => {
      // Prepare
      const f = setup();
      const fault = new RetryableError('DynamoDB throttled TransactWriteItems');
      f.approvals.failNext('create', fault);

      // Act
      const attempt = f.handler({ action_text: 'reset 2FA for bob@example.com' });

      // Assess
      await expect(attempt).rejects.toBe(fault);
      expect(f.executions.started).toEqual([]);
    });
  });

  describe('logging', () => {
    it('tags a re-drive’s lines with the function and the request', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'received');

      // Act
      await f.handler({ request_id: item.requestId });

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'INFO',
          message: 'invocation finished',
          service: 'agentcore-direct-invoke',
          functionName: 'direct-invoke',
          requestId: item.requestId,
        }),
      ]);
    });

    it('logs a refusal as a warning with its code, and counts it', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'pending');

      // Act
      await f.handler({ request_id: item.requestId });

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'WARN',
          message: 'invocation refused',
          errorCode: 'wrong_status',
          functionName: 'direct-invoke',
          requestId: item.requestId,
        }),
      ]);
      expect(f.metrics()).toEqual([expect.objectContaining({ Refusal: 1 })]);
    });

    it('logs a failure as an error with its name and code', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'received');
      f.approvals.failNext('get', new RetryableError('DynamoDB throttled GetItem'));

      // Act
      await f.handler({ request_id: item.requestId }).catch(() => undefined);

      // Assess
      expect(f.logs()).toEqual([
        expect.objectContaining({
          level: 'ERROR',
          message: 'invocation failed',
          errorName: 'RetryableError',
          errorCode: 'retryable',
          functionName: 'direct-invoke',
          requestId: item.requestId,
        }),
      ]);
      expect(f.metrics()).toEqual([expect.objectContaining({ Failure: 1 })]);
    });

    it('writes no task token or secret, even when an error or an event carries one', async () => {
      // Prepare
      const f = setup();
      const item = await requestIn(f, 'approved');
      f.executions.failNext(new Error(`StartExecution failed: input held ${TOTP_SECRET}`));
      f.approvals.failNext('get', new RetryableError(`GetItem failed near ${TOTP_SECRET}`));

      // Act
      await f.handler({ request_id: item.requestId }).catch(() => undefined);
      await f.handler({ request_id: item.requestId }).catch(() => undefined);
      await f.handler({ request_id: item.requestId });
      await f.handler({ action_text: `use ${TOTP_SECRET}`, user_id: TASK_TOKEN });
      await f.handler({ step: 'await_approval', requestId: item.requestId, taskToken: TASK_TOKEN });

      // Assess
      expect(f.logs()).toHaveLength(5);
      for (const line of f.lines) {
        expect(line).not.toContain(TASK_TOKEN);
        expect(line).not.toContain(TOTP_SECRET);
      }
    });
  });
});
