import {
  AlreadyDecidedError,
  type ApprovalItem,
  ApprovalRequirementsSchema,
  canTransition,
  DecisionVerdictSchema,
  isTerminal,
  LIMITS,
  parseOrThrow,
  QualifiedToolNameSchema,
  RequestIdSchema,
  ValidationError,
} from '@agentcore/core';
import { z } from 'zod';
import { NotAuthorisedError, WrongStatusError } from '../errors.js';
import type {
  ApprovalRepository,
  Clock,
  Directory,
  Notifier,
  TaskTokens,
  ToolPinner,
} from '../ports.js';
import { loadRequest } from './load.js';

export interface RequestApprovalDeps {
  approvals: ApprovalRepository;
  pinner: ToolPinner;
  notifier: Notifier;
  tokens: TaskTokens;
  clock: Clock;
}

export const RequestApprovalInputSchema = z.object({
  requestId: RequestIdSchema,
  taskToken: z.string().min(1).max(2_048),
  expiresInSeconds: z.number().int().min(1),
});

/**
 * Puts a request in front of its approvers and leaves the workflow waiting on `taskToken`.
 * Re-driven (same request, new token): a pending request just takes the new token; one that
 * was decided while nobody waited hands its verdict straight back.
 */
export async function requestApproval(
  deps: RequestApprovalDeps,
  input: z.input<typeof RequestApprovalInputSchema>,
): Promise<void> {
  const { requestId, taskToken, expiresInSeconds } = parseOrThrow(
    RequestApprovalInputSchema,
    input,
    'approval request',
  );
  const item = await loadRequest(deps.approvals, requestId);
  if (item.status === 'received') {
    const changes = {
      taskToken,
      toolPins: await deps.pinner.pin(item.intendedTools),
      allowedTools: item.intendedTools,
      expiresAt: new Date(deps.clock().getTime() + expiresInSeconds * 1000).toISOString(),
    };
    await deps.approvals.transition(requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
      changes,
    });
    await deps.notifier.approvalRequested({ ...item, ...changes, status: 'pending' });
    return;
  }
  if (item.status === 'pending') {
    await deps.approvals.amend(requestId, {
      status: 'pending',
      actor: 'approval',
      changes: { taskToken },
    });
    return;
  }
  if (item.status === 'approved' || item.status === 'rejected') {
    await deps.tokens.succeed(taskToken, { verdict: item.status });
    return;
  }
  throw new WrongStatusError(`request ${requestId} is ${item.status}; it cannot wait for approval`);
}

export interface DecideApprovalDeps {
  approvals: ApprovalRepository;
  tokens: TaskTokens;
  directory: Directory;
  clock: Clock;
}

export const ApprovalDecisionInputSchema = z.object({
  requestId: RequestIdSchema,
  approver: z.string().trim().min(1).max(256),
  verdict: DecisionVerdictSchema,
  comment: z.string().trim().max(LIMITS.comment).optional(),
  /** Approve only some of the intended tools; all of them when absent. */
  allowedTools: z.array(QualifiedToolNameSchema).max(LIMITS.tools).optional(),
});
export type ApprovalDecisionInput = z.input<typeof ApprovalDecisionInputSchema>;

async function assertMayDecide(
  deps: DecideApprovalDeps,
  item: ApprovalItem,
  approver: string,
  verdict: string,
) {
  const rules = item.policy?.approval ?? ApprovalRequirementsSchema.parse({});
  if (verdict === 'approved' && approver === item.requester.userId && !rules.allowSelfApproval) {
    throw new NotAuthorisedError('you cannot approve your own request');
  }
  if (rules.approverUserIds.includes(approver)) return;
  const groups = rules.approverGroups.length > 0 ? await deps.directory.groupsOf(approver) : [];
  if (groups.some((group) => rules.approverGroups.includes(group))) return;
  const named = [
    ...rules.approverUserIds,
    ...rules.approverGroups.map((group) => `group ${group}`),
  ];
  throw new NotAuthorisedError(
    named.length > 0
      ? `${approver} may not decide this request; its approvers are ${named.join(', ')}`
      : `${approver} may not decide this request: its policy names no approvers`,
  );
}

/**
 * An approver's answer: checked against the policy's approver rules, recorded exactly once,
 * and, when it settles the request, handed to the waiting workflow.
 */
export async function decideApproval(
  deps: DecideApprovalDeps,
  input: ApprovalDecisionInput,
): Promise<ApprovalItem> {
  const decision = parseOrThrow(ApprovalDecisionInputSchema, input, 'approval decision');
  const item = await loadRequest(deps.approvals, decision.requestId);
  if (item.status === 'received') {
    throw new WrongStatusError(
      `request ${item.requestId} is not waiting for approval yet; try again shortly`,
    );
  }
  if (item.status !== 'pending') throw new AlreadyDecidedError(item.requestId, item.status);
  await assertMayDecide(deps, item, decision.approver, decision.verdict);
  const allowedTools = decision.allowedTools ?? item.allowedTools;
  const unknown = allowedTools.filter((tool) => !item.allowedTools.includes(tool));
  if (unknown.length > 0) {
    throw new ValidationError('approval decision', [
      {
        path: 'allowedTools',
        message: `${unknown.join(', ')} were not requested, so cannot be approved`,
      },
    ]);
  }
  const quorum = item.policy?.approval?.quorum ?? 1;
  const updated = await deps.approvals.recordDecision(
    item.requestId,
    {
      verdict: decision.verdict,
      approver: decision.approver,
      decidedAt: deps.clock().toISOString(),
      comment: decision.comment,
      allowedTools: decision.verdict === 'approved' ? allowedTools : [],
    },
    quorum,
    item,
  );
  // When the workflow is not waiting on this token (a restart re-issued it), the recorded
  // decision is still found by the re-driven step, which hands it back itself.
  if (updated.status !== 'pending' && updated.taskToken) {
    await deps.tokens.succeed(updated.taskToken, { verdict: updated.status });
  }
  return updated;
}

/** The approval window closed with no decision. */
export async function expireRequest(
  approvals: ApprovalRepository,
  requestId: string,
): Promise<void> {
  const item = await loadRequest(approvals, requestId);
  if (item.status === 'pending') {
    await approvals.transition(requestId, {
      from: 'pending',
      to: 'expired',
      actor: 'workflow',
      changes: { statusReason: 'no decision before the approval expired' },
    });
  } else if (item.status === 'approved') {
    // Approved as the window closed, but the workflow had stopped waiting: do not run it late.
    await approvals.transition(requestId, {
      from: 'approved',
      to: 'failed',
      actor: 'workflow',
      changes: { statusReason: 'approved after the approval window closed; not executed' },
    });
  }
}

export const WorkflowErrorInputSchema = z.object({
  Error: z.string(),
  Cause: z.string().optional(),
});

/** Step Functions' Cause is JSON from Lambda errors and plain text otherwise. */
function describeFailure(error: z.infer<typeof WorkflowErrorInputSchema>): string {
  try {
    const parsed = JSON.parse(error.Cause ?? '') as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return `${error.Error}: ${parsed.errorMessage}`;
  } catch {
    // Not JSON: the cause is already text.
  }
  return error.Cause ? `${error.Error}: ${error.Cause}` : error.Error;
}

/** A step failed for good: record why, unless the request already ended. */
export async function failRequest(
  approvals: ApprovalRepository,
  requestId: string,
  error: z.input<typeof WorkflowErrorInputSchema>,
): Promise<void> {
  const failure = parseOrThrow(WorkflowErrorInputSchema, error, 'workflow error');
  const item = await loadRequest(approvals, requestId);
  if (isTerminal(item.status) || !canTransition(item.status, 'failed')) return;
  await approvals.transition(requestId, {
    from: item.status,
    to: 'failed',
    actor: 'workflow',
    changes: { statusReason: describeFailure(failure).slice(0, LIMITS.comment) },
  });
}
