import { capturedTelemetry } from '@agentcore/adapters/testing';
import { type DecisionVerdict, newRequestId, RetryableError } from '@agentcore/core';
import type { ResumeDecidedReport } from '@agentcore/workflow';
import {
  InMemoryApprovalRepository,
  ManualClock,
  RecordingTaskTokens,
} from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index.js';

const TOOL = 'gifs__search_gifs';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPPLANTEDSECRET';
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

function setup() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const approvals = new InMemoryApprovalRepository(clock.now);
  const tokens = new RecordingTaskTokens();
  const { telemetry, lines, logs, metrics } = capturedTelemetry('decision-sweeper', {
    TOTP_SECRET_DEMO: TOTP_SECRET,
  });
  const handler = createHandler({
    telemetry,
    approvals,
    tokens,
    clock: clock.now,
    options: { graceSeconds: 60, maxApprovalSeconds: 3_600, pageSize: 2 },
  });
  return {
    clock,
    approvals,
    tokens,
    lines,
    handler,
    logs,
    metrics,
  };
}
type Fixture = ReturnType<typeof setup>;

/** A request decided now, while its workflow waited on its own task token. */
async function decided(
  f: Fixture,
  verdict: DecisionVerdict,
  expiresInMs = 60 * MINUTE,
): Promise<{ requestId: string; taskToken: string }> {
  const requestId = newRequestId(f.clock.now().getTime());
  const taskToken = `AQCEAAAAKgAAAAMAAAAAAAAAAd9planted-token-${requestId}`;
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
      },
      intendedTools: [TOOL],
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${requestId}`,
    },
    'U_ALICE',
  );
  await f.approvals.transition(requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
    changes: {
      taskToken,
      allowedTools: [TOOL],
      expiresAt: new Date(f.clock.now().getTime() + expiresInMs).toISOString(),
    },
  });
  await f.approvals.recordDecision(
    requestId,
    {
      verdict,
      approver: 'U_APPROVER',
      decidedAt: f.clock.now().toISOString(),
      allowedTools: verdict === 'approved' ? [TOOL] : [],
    },
    1,
  );
  return { requestId, taskToken };
}

describe('the decision sweeper handler', () => {
  it('hands lost decisions over again and reports what became of each', async () => {
    // Prepare
    const f = setup();
    const rejected = await decided(f, 'rejected');
    f.clock.advance(SECOND);
    const moved = await decided(f, 'approved');
    f.clock.advance(SECOND);
    const lost = await decided(f, 'approved');
    f.clock.advance(SECOND);
    const unlucky = await decided(f, 'approved');
    f.clock.advance(2 * MINUTE);
    const fresh = await decided(f, 'approved');
    f.tokens.stopWaiting(moved.taskToken);
    // Newest first: `fresh` is left in its grace period, so `unlucky` is the first hand-off tried.
    f.tokens.failNext(new Error('SendTaskSuccess timed out'));
    const audit = f.approvals.auditEvents();

    // Act
    const report = await f.handler({});

    // Assess
    expect(report).toEqual({
      handedOff: [lost.requestId, rejected.requestId],
      notWaiting: [moved.requestId],
      failed: [{ requestId: unlucky.requestId, message: 'SendTaskSuccess timed out' }],
    } satisfies ResumeDecidedReport);
    expect(f.tokens.deliveries).toEqual([
      { taskToken: lost.taskToken, output: { verdict: 'approved' } },
      { taskToken: rejected.taskToken, output: { verdict: 'rejected' } },
    ]);
    expect(f.tokens.deliveries.map((delivery) => delivery.taskToken)).not.toContain(
      fresh.taskToken,
    );
    expect(f.approvals.auditEvents()).toEqual(audit);
  });

  it('leaves decisions whose approval window has closed', async () => {
    // Prepare
    const f = setup();
    await decided(f, 'approved', 2 * MINUTE);
    f.clock.advance(3 * MINUTE);

    // Act
    const report = await f.handler({});

    // Assess
    expect(report).toEqual({ handedOff: [], notWaiting: [], failed: [] });
    expect(f.tokens.deliveries).toEqual([]);
  });

  it('reads nothing from its event: a forged step or decision only runs a sweep', async () => {
    // Prepare
    const f = setup();
    const lost = await decided(f, 'approved');
    f.clock.advance(2 * MINUTE);

    // Act
    const forged = await f.handler({
      step: 'await_approval',
      requestId: lost.requestId,
      taskToken: 'forged-token-0001',
      verdict: 'rejected',
    });
    const again = await f.handler({ operation: 'record_decision', decision: {} });

    // Assess
    expect(forged).toEqual({ handedOff: [lost.requestId], notWaiting: [], failed: [] });
    expect(again).toEqual({ handedOff: [], notWaiting: [lost.requestId], failed: [] });
    expect(f.tokens.deliveries).toEqual([
      { taskToken: lost.taskToken, output: { verdict: 'approved' } },
    ]);
  });

  it('logs the counts it swept, under its function name', async () => {
    // Prepare
    const f = setup();
    await decided(f, 'approved');
    f.clock.advance(2 * MINUTE);

    // Act
    await f.handler({});

    // Assess
    expect(f.logs()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'decisions swept',
        service: 'agentcore-decision-sweeper',
        functionName: 'decision-sweeper',
        handedOff: 1,
        notWaiting: 0,
        failed: 0,
      }),
      expect.objectContaining({ level: 'INFO', message: 'invocation finished' }),
    ]);
    expect(f.metrics()).toEqual([]);
  });

  it('throws a failed listing, logging and counting the failure', async () => {
    // Prepare
    const f = setup();
    await decided(f, 'approved');
    f.clock.advance(2 * MINUTE);
    const fault = new RetryableError(`DynamoDB throttled Query near ${TOTP_SECRET}`);
    f.approvals.failNext('listByStatus', fault);

    // Act
    const attempt = f.handler({});

    // Assess
    await expect(attempt).rejects.toBe(fault);
    expect(f.tokens.deliveries).toEqual([]);
    expect(f.logs()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'invocation failed',
        errorName: 'RetryableError',
        errorCode: 'retryable',
        errorMessage: 'DynamoDB throttled Query near [redacted]',
        functionName: 'decision-sweeper',
      }),
    ]);
    expect(f.metrics()).toEqual([expect.objectContaining({ Failure: 1 })]);
  });

  it('writes no task token or secret, even when a failed hand-off names one', async () => {
    // Prepare
    const f = setup();
    const lost = await decided(f, 'approved');
    const other = await decided(f, 'rejected');
    f.clock.advance(2 * MINUTE);
    f.tokens.failNext(new Error(`InvalidToken ${lost.taskToken} (${TOTP_SECRET})`));

    // Act
    const report = await f.handler({});

    // Assess
    expect(report.failed).toHaveLength(1);
    expect(f.logs()).toHaveLength(2);
    for (const line of f.lines) {
      for (const planted of [lost.taskToken, other.taskToken, TOTP_SECRET]) {
        expect(line).not.toContain(planted);
      }
    }
  });
});
