import {
  type ApprovalItem,
  type ApprovalRequirements,
  ApprovalRequirementsSchema,
  type ExecutionResult,
  newRequestId,
  type PolicyDecision,
  type ProposedAction,
  type Requester,
  type RequestStatus,
  type ToolCall,
} from '@agentcore/core';
import type { StepTarget } from '../../src/index.js';
import {
  InMemoryApprovalRepository,
  ManualClock,
  type RecordedAuditEvent,
  RecordingExecutionStarter,
  RecordingNotifier,
  RecordingTaskTokens,
  StaticDirectory,
} from '../../src/testing/index.js';

export const SEARCH = 'gifs__search_gifs';
export const RESET = 'google_admin__reset_user_2fa';
export const SUSPEND = 'google_admin__suspend_user';

export const ALICE: Requester = { userId: 'U_ALICE', email: 'alice@example.com', groups: ['ops'] };
/** Named as an approver by `approvalRules()`. */
export const BOB = 'U_BOB';
/** An approver through the `approvers` group (StaticDirectory). */
export const CAROL = 'U_CAROL';
/** Neither named nor in an approving group. */
export const MALLORY = 'U_MALLORY';

export const HOUR = 3_600_000;

export function approvalRules(overrides: Partial<ApprovalRequirements> = {}): ApprovalRequirements {
  return ApprovalRequirementsSchema.parse({
    approverUserIds: [BOB],
    approverGroups: ['approvers'],
    ...overrides,
  });
}

export function requireApproval(overrides: Partial<ApprovalRequirements> = {}): PolicyDecision {
  return {
    outcome: 'require_approval',
    policyIds: ['admin-actions-need-approval'],
    reason: 'resetting 2FA needs an approver',
    approval: approvalRules(overrides),
  };
}

export const ALLOW: PolicyDecision = {
  outcome: 'allow',
  policyIds: ['read-only-lookups'],
  reason: 'read-only look-ups are allowed',
};

export const DENY: PolicyDecision = {
  outcome: 'deny',
  policyIds: ['no-prod-resets'],
  reason: 'nobody resets 2FA in prod from chat',
};

/** How a seeded request was (or is to be) planned. */
export interface Seed {
  /** Direct mode: these exact calls. Absent: a natural-language request, planned or not. */
  toolCalls?: ToolCall[];
  /** For a natural-language request: the tools its plan intends (none: not planned yet). */
  intendedTools?: string[];
  /** The policy stored once the request moved past `received`. */
  policy?: PolicyDecision;
  /** Pending/approved/rejected requests: when the approval window closes. */
  expiresInMs?: number;
  taskToken?: string;
  summary?: string;
}

export const DIRECT_CALLS: ToolCall[] = [
  { tool: RESET, arguments: { email: 'bob@example.com' } },
  { tool: SUSPEND, arguments: { email: 'bob@example.com', reason: 'lost phone' } },
];

/**
 * The workflow's world in memory: the fakes of src/testing, wired to one ManualClock, and a way
 * to put a request in any status through the repository's own legal transitions.
 */
export class World {
  readonly clock = new ManualClock('2030-01-01T00:00:00.000Z');
  readonly approvals = new InMemoryApprovalRepository(this.clock.now);
  readonly tokens = new RecordingTaskTokens();
  readonly notifier = new RecordingNotifier();
  readonly executions = new RecordingExecutionStarter();
  readonly directory = new StaticDirectory({ [CAROL]: ['approvers'], [MALLORY]: ['interns'] });

  /** A new `received` request, created as submit creates one. */
  async received(seed: Seed = {}): Promise<ApprovalItem> {
    const requestId = newRequestId(this.clock.now().getTime());
    const toolCalls = 'toolCalls' in seed ? seed.toolCalls : DIRECT_CALLS;
    const intendedTools = toolCalls
      ? [...new Set(toolCalls.map((call) => call.tool))]
      : (seed.intendedTools ?? []);
    const action: ProposedAction = {
      requester: ALICE,
      origin: { source: 'cli' },
      query: 'reset 2FA for bob@example.com',
      summary: seed.summary ?? 'Reset 2FA for bob@example.com and suspend him',
      category: 'user_account_access',
      resource: 'bob@example.com',
      environment: 'dev',
      intendedTools,
      toolCalls,
    };
    return this.approvals.create(
      {
        requestId,
        requester: ALICE,
        action,
        intendedTools,
        executionArn: this.executions.executionArnOf(requestId),
      },
      ALICE.userId,
    );
  }

  /** A request in `status`, reached the way the workflow reaches it. */
  async inStatus(status: RequestStatus, seed: Seed = {}): Promise<ApprovalItem> {
    const item = await this.received(seed);
    const { requestId } = item;
    const policy = seed.policy;
    const to = async (from: RequestStatus, next: RequestStatus, changes = {}) =>
      this.approvals.transition(requestId, { from, to: next, actor: 'test', changes });
    const toPending = () =>
      to('received', 'pending', {
        policy: policy ?? requireApproval(),
        taskToken: seed.taskToken ?? `token-${requestId}`,
        allowedTools: item.intendedTools,
        toolPins: Object.fromEntries(item.intendedTools.map((tool) => [tool, `pin-of-${tool}`])),
        expiresAt: new Date(this.clock.now().getTime() + (seed.expiresInMs ?? HOUR)).toISOString(),
      });
    const decide = (verdict: 'approved' | 'rejected') =>
      this.approvals.recordDecision(
        requestId,
        {
          verdict,
          approver: BOB,
          decidedAt: this.clock.now().toISOString(),
          allowedTools: verdict === 'approved' ? item.intendedTools : [],
        },
        1,
      );
    switch (status) {
      case 'received':
        break;
      case 'pending':
        await toPending();
        break;
      case 'approved':
      case 'rejected':
        await toPending();
        await decide(status);
        break;
      case 'executing':
      case 'completed':
      case 'failed':
        await toPending();
        await decide('approved');
        await to('approved', 'executing');
        if (status !== 'executing') {
          await to('executing', status, {
            result: this.result(status),
            ...(status === 'failed' ? { statusReason: 'the tool failed' } : {}),
          });
        }
        break;
      case 'expired':
        await toPending();
        await to('pending', 'expired', { statusReason: 'no decision in time' });
        break;
      case 'denied':
        await to('received', 'denied', { policy: policy ?? DENY, statusReason: DENY.reason });
        break;
      case 'cancelled':
        await to('received', 'cancelled');
        break;
    }
    return this.stored(requestId);
  }

  result(outcome: 'completed' | 'failed'): ExecutionResult {
    const at = this.clock.now().toISOString();
    return {
      outcome,
      output: outcome === 'completed' ? '2FA reset' : 'the tool failed',
      toolCalls: [],
      ...(outcome === 'failed'
        ? { error: { code: 'tool_error', message: 'the tool failed' } }
        : {}),
      startedAt: at,
      finishedAt: at,
    };
  }

  async stored(requestId: string): Promise<ApprovalItem> {
    const item = await this.approvals.get(requestId);
    if (!item) throw new Error(`request ${requestId} is not stored`);
    return item;
  }

  /** The stored item and its audit trail, to show that something changed nothing. */
  async snapshot(requestId: string): Promise<{ item: ApprovalItem; audit: RecordedAuditEvent[] }> {
    return { item: await this.stored(requestId), audit: this.approvals.auditEvents(requestId) };
  }
}

/** The step target the request's own execution sends. */
export function ownStep(item: ApprovalItem): StepTarget {
  if (!item.executionArn) throw new Error(`request ${item.requestId} has no execution`);
  return { requestId: item.requestId, executionArn: item.executionArn };
}

/** A step target from some other execution: a stale one, or a forged one. */
export function foreignSteps(item: ApprovalItem): [string, StepTarget][] {
  const own = ownStep(item).executionArn;
  return [
    ['an older execution of the same request', { ...ownStep(item), executionArn: `${own}:old` }],
    [
      "another request's execution",
      { ...ownStep(item), executionArn: own.replace(item.requestId, newRequestId(0)) },
    ],
    [
      'a look-alike ARN in another account',
      { ...ownStep(item), executionArn: own.replace('123456789012', '999999999999') },
    ],
  ];
}

/**
 * What `work` failed with, whether it threw or rejected; fails the test when it succeeded, so a
 * refusal is asserted on, never an unhandled rejection.
 */
export async function refusal(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal, but the call succeeded');
}
