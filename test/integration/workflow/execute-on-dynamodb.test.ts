// The execute step over the real store: the approval digest DynamoDB keeps, an edit made in the
// table after approval, and a run that dies after its tool acted. Tools are an in-memory
// ToolSessions (a port double); everything else is the production code on DynamoDB Local.
import { chainedApprovalEvidence } from '@agentcore/adapters';
import {
  type ApprovalItem,
  approvedDigestOf,
  type ToolCall,
  type ToolCallOutcome,
} from '@agentcore/core';
import {
  type ApprovalRepository,
  type ExecuteDeps,
  executeRequest,
  type ToolSessions,
} from '@agentcore/workflow';
import { ManualClock } from '@agentcore/workflow/testing';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';
import { newApproval } from '../../support/fixtures.js';

const RESET = 'google_admin__reset_user_2fa';
const BOB = { tool: RESET, arguments: { email: 'bob@example.com' } };

let db: TestDatabase;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock();
  db = await createTestDatabase(clock.now);
});

/** Tools that do what they are asked and remember it; a session sees only the allowed ones. */
function tools(onCall: () => void = () => undefined) {
  const ran: ToolCall[] = [];
  const sessions: ToolSessions = {
    open: async ({ allowedTools }) => ({
      listTools: async () => [],
      call: async (call): Promise<ToolCallOutcome> => {
        if (!allowedTools.includes(call.tool)) throw new Error(`${call.tool} is not allowed`);
        ran.push(call);
        onCall();
        return { ...call, ok: true, output: `2FA reset for ${String(call.arguments.email)}` };
      },
      callTool: async () => ({ text: '', isError: true }),
      close: async () => undefined,
    }),
  };
  return { ran, sessions };
}

/** A request for `calls`, pinned and approved by one approver on DynamoDB. */
async function approvedRequest(calls: ToolCall[], nextStep?: string): Promise<ApprovalItem> {
  const input = newApproval({ intendedTools: [RESET] }, clock.now().getTime());
  const created = await db.stores.approvals.create(
    {
      ...input,
      action: {
        ...input.action,
        intendedTools: [RESET],
        toolCalls: calls,
        ...(nextStep ? { nextStep } : {}),
      },
    },
    'api',
  );
  await db.stores.approvals.transition(created.requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
    changes: {
      policy: { outcome: 'require_approval', reason: 'resets need a person', policyVersion: 4 },
      allowedTools: [RESET],
      toolPins: { [RESET]: 'sha256:pin-of-reset' },
      taskToken: 'token',
    },
  });
  return db.stores.approvals.recordDecision(
    created.requestId,
    {
      verdict: 'approved',
      approver: 'U_APPROVER',
      decidedAt: clock.now().toISOString(),
      allowedTools: [RESET],
    },
    1,
  );
}

/** The execute step's dependencies on DynamoDB: the store, its keyed chain, and `sessions`. */
function executeDeps(
  sessions: ToolSessions,
  approvals: ApprovalRepository = db.stores.approvals,
): ExecuteDeps {
  return {
    approvals,
    evidence: chainedApprovalEvidence(db.stores.audit),
    sessions,
    audit: db.stores.audit,
    clock: clock.now,
  };
}

const step = (item: ApprovalItem) => ({
  requestId: item.requestId,
  executionArn: item.executionArn as string,
});

describe('executeRequest on DynamoDB', () => {
  it('refuses, running nothing, an approved request whose arguments were edited in the table', async () => {
    // Prepare: someone with table access retargets the approved reset after review
    const item = await approvedRequest([BOB]);
    const { ran, sessions } = tools();
    await db.documents.send(
      new UpdateCommand({
        TableName: db.tables.approvals,
        Key: { requestId: item.requestId },
        UpdateExpression: 'SET #action.#calls[0].#arguments.#email = :ceo',
        ExpressionAttributeNames: {
          '#action': 'action',
          '#calls': 'toolCalls',
          '#arguments': 'arguments',
          '#email': 'email',
        },
        ExpressionAttributeValues: { ':ceo': 'ceo@example.com' },
      }),
    );

    // Act
    const result = await executeRequest(executeDeps(sessions), step(item));

    // Assess
    const stored = await db.stores.approvals.get(item.requestId);
    const audit = await db.stores.audit.list(item.requestId);
    expect(item.approvedDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(ran).toEqual([]);
    expect(result?.error?.code).toBe('approval_mismatch');
    expect(stored).toMatchObject({ status: 'failed', result: { toolCalls: [] } });
    expect(audit.find((event) => event.type === 'request.decided')?.data.approvedDigest).toBe(
      item.approvedDigest,
    );
    expect(audit.at(-1)).toMatchObject({
      type: 'request.status_changed',
      data: { from: 'approved', to: 'failed', reason: stored?.statusReason },
    });
  });

  it("refuses a retargeted call even when the item's digest was rewritten to match: the keyed chain says what was approved", async () => {
    // Prepare: someone with table access but without the audit key rewrites the arguments and
    // recomputes the item's own digest, so the item agrees with itself
    const item = await approvedRequest([BOB]);
    const { ran, sessions } = tools();
    const retargeted = {
      ...item,
      action: { ...item.action, toolCalls: [{ ...BOB, arguments: { email: 'ceo@example.com' } }] },
    };
    await db.documents.send(
      new UpdateCommand({
        TableName: db.tables.approvals,
        Key: { requestId: item.requestId },
        UpdateExpression: 'SET #action = :action, approvedDigest = :digest',
        ExpressionAttributeNames: { '#action': 'action' },
        ExpressionAttributeValues: {
          ':action': retargeted.action,
          ':digest': approvedDigestOf(retargeted),
        },
      }),
    );

    // Act
    const result = await executeRequest(executeDeps(sessions), step(item));

    // Assess
    expect(ran).toEqual([]);
    expect(result?.error?.code).toBe('approval_mismatch');
    expect((await db.stores.approvals.get(item.requestId))?.status).toBe('failed');
  });

  it("refuses a next step forged as approved with the first step's approval, even for the very same calls", async () => {
    // Prepare: step 1 ran and the request is back in planning; someone with table access but
    // without the audit key marks step 2 approved for the same calls, reusing step 1's decision
    // and recomputing the item's digest
    const first = await approvedRequest([BOB], 'reset again once the first reset is confirmed');
    const { ran, sessions } = tools();
    const handedOn = await executeRequest(executeDeps(sessions), step(first));
    const between = await db.stores.approvals.get(first.requestId);
    const forged = {
      ...first,
      step: 2,
      action: { ...first.action, nextStep: undefined },
    } as ApprovalItem;
    await db.documents.send(
      new UpdateCommand({
        TableName: db.tables.approvals,
        Key: { requestId: first.requestId },
        UpdateExpression:
          'SET #status = :approved, #action.toolCalls = :calls, policy = :policy, toolPins = :pins, allowedTools = :tools, decision = :decision, approvedDigest = :digest',
        ExpressionAttributeNames: { '#status': 'status', '#action': 'action' },
        ExpressionAttributeValues: {
          ':approved': 'approved',
          ':calls': first.action.toolCalls,
          ':policy': first.policy,
          ':pins': first.toolPins,
          ':tools': first.allowedTools,
          ':decision': first.decision,
          ':digest': approvedDigestOf(forged),
        },
      }),
    );

    // Act
    const result = await executeRequest(executeDeps(sessions), step(first));

    // Assess
    expect(handedOn?.nextStep).toBe(2);
    expect(between).toMatchObject({ status: 'received', step: 2 });
    expect(ran).toEqual([BOB]);
    expect(result?.error?.code).toBe('approval_mismatch');
    expect((await db.stores.approvals.get(first.requestId))?.status).toBe('failed');
  });

  it('leaves a call in the audit and the result when the run dies after the tool acted', async () => {
    // Prepare: the run "dies" once the reset has acted: its final write never happens
    const item = await approvedRequest([
      BOB,
      { tool: RESET, arguments: { email: 'eve@example.com' } },
    ]);
    let dying = false;
    const { ran, sessions } = tools(() => {
      dying = true;
    });
    const crash = new Error('Runtime exited with error: signal: killed');
    const real = db.stores.approvals;
    const dyingApprovals: ApprovalRepository = {
      create: (...args) => real.create(...args),
      get: (...args) => real.get(...args),
      amend: (...args) => real.amend(...args),
      recordDecision: (...args) => real.recordDecision(...args),
      startNextStep: (...args) => real.startNextStep(...args),
      listByStatus: (...args) => real.listByStatus(...args),
      listByRequester: (...args) => real.listByRequester(...args),
      transition: async (...args) => {
        if (dying) throw crash;
        return real.transition(...args);
      },
    };
    const first = await executeRequest(executeDeps(sessions, dyingApprovals), step(item)).catch(
      (error: unknown) => error,
    );

    // Act: the step is driven again
    const retried = await executeRequest(executeDeps(sessions, real), step(item));

    // Assess
    const stored = await real.get(item.requestId);
    const audit = await db.stores.audit.list(item.requestId);
    expect(first).toBe(crash);
    expect(ran).toHaveLength(2);
    expect(stored?.status).toBe('failed');
    expect(stored?.result).toEqual(retried);
    expect(retried?.toolCalls.map((call) => [call.tool, call.arguments, call.ok])).toEqual([
      [RESET, BOB.arguments, true],
      [RESET, { email: 'eve@example.com' }, true],
    ]);
    expect(audit.filter((event) => event.type.startsWith('tool_call.')).map((e) => e.type)).toEqual(
      ['tool_call.started', 'tool_call.finished', 'tool_call.started', 'tool_call.finished'],
    );
    expect(await db.stores.audit.verify(item.requestId)).toMatchObject({ ok: true });
  });
});
