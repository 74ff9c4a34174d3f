import {
  AlreadyDecidedError,
  type ApprovalItem,
  ApprovalRequirementsSchema,
  DecisionSchema,
  DecisionVerdictSchema,
  LIMITS,
  parseOrThrow,
  QualifiedToolNameSchema,
  RequestIdSchema,
  RetryableError,
  ValidationError,
} from '@agentcore/core';
import * as z from 'zod';
import { NotAuthorisedError, WrongStatusError } from '../errors.js';
import type { ApprovalRepository, Clock, Directory, TaskTokens } from '../ports.js';
import { expiredMessage, isOpen } from './expiry.js';
import { loadRequest } from './load.js';

export interface RecordDecisionDeps {
  approvals: ApprovalRepository;
  tokens: TaskTokens;
  directory: Directory;
  clock: Clock;
}

export const ApproverDecisionSchema = z.object({
  requestId: RequestIdSchema,
  approver: z.string().trim().min(1).max(256),
  verdict: DecisionVerdictSchema,
  comment: z.string().trim().max(LIMITS.comment).optional(),
  /** Approve only some of the intended tools; all of them when absent. */
  allowedTools: z.array(QualifiedToolNameSchema).max(LIMITS.tools).optional(),
  /** The request's `callsDigest` as the approver read it: the vote counts only for those calls. */
  callsDigest: DecisionSchema.shape.callsDigest,
});
export type ApproverDecision = z.input<typeof ApproverDecisionSchema>;

/** Whether policy names this person (or one of their groups) among the request's approvers. */
export function isNamedApprover(
  item: ApprovalItem,
  person: { userId: string; groups: readonly string[] },
): boolean {
  const rules = item.policy?.approval ?? ApprovalRequirementsSchema.parse({});
  return (
    rules.approverUserIds.includes(person.userId) ||
    person.groups.some((group) => rules.approverGroups.includes(group))
  );
}

/**
 * Refuses anyone policy does not name as an approver of the request, and the requester approving
 * (or editing) their own request unless policy allows it.
 */
export async function assertMayDecide(
  deps: Pick<RecordDecisionDeps, 'directory'>,
  item: ApprovalItem,
  approver: string,
  verdict: string,
) {
  const rules = item.policy?.approval ?? ApprovalRequirementsSchema.parse({});
  if (verdict === 'approved' && approver === item.requester.userId && !rules.allowSelfApproval) {
    throw new NotAuthorisedError('you cannot approve your own request');
  }
  // Named by id: no need to ask the directory.
  if (isNamedApprover(item, { userId: approver, groups: [] })) return;
  const groups = rules.approverGroups.length > 0 ? await deps.directory.groupsOf(approver) : [];
  if (isNamedApprover(item, { userId: approver, groups })) return;
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
 * Gives a settled decision to the workflow waiting on the request's task token. When the
 * workflow no longer waits on that token, a re-driven step finds the recorded decision itself.
 */
export async function handOffDecision(tokens: TaskTokens, item: ApprovalItem): Promise<void> {
  if (!item.taskToken || (item.status !== 'approved' && item.status !== 'rejected')) return;
  try {
    await tokens.succeed(item.taskToken, { verdict: item.status });
  } catch (error) {
    throw new RetryableError(
      `the decision on request ${item.requestId} is recorded, but handing it to the workflow failed; try again to hand it over`,
      { cause: error },
    );
  }
}

/**
 * An approver's answer: checked against the policy's approver rules and the expiry, recorded
 * exactly once, and, when it settles the request, handed to the waiting workflow. The approver
 * whose decision settled it, repeating it (a retry after a failed hand-off), gets the recorded
 * decision back, and it is handed over again.
 */
export async function recordApproverDecision(
  deps: RecordDecisionDeps,
  input: ApproverDecision,
): Promise<ApprovalItem> {
  const decision = parseOrThrow(ApproverDecisionSchema, input, 'approval decision');
  const item = await loadRequest(deps.approvals, decision.requestId);
  const now = deps.clock();
  if (item.status === 'received') {
    throw new WrongStatusError(
      `request ${item.requestId} is not waiting for approval yet; try again shortly`,
    );
  }
  if (item.status === 'approved' || item.status === 'rejected') {
    // Only the decision that settled the request was handed over, so only its retry repeats it.
    const settledIt =
      item.decision?.approver === decision.approver && item.decision.verdict === decision.verdict;
    if (!settledIt || !isOpen(item, now))
      throw new AlreadyDecidedError(item.requestId, item.status);
    await handOffDecision(deps.tokens, item);
    return item;
  }
  if (item.status === 'expired' && item.expiresAt) {
    throw new WrongStatusError(expiredMessage(item, 'decided'));
  }
  if (item.status !== 'pending') throw new AlreadyDecidedError(item.requestId, item.status);
  if (!isOpen(item, now)) {
    throw new WrongStatusError(expiredMessage(item, 'decided'));
  }
  await assertMayDecide(deps, item, decision.approver, decision.verdict);
  // Looking approvers up takes time: the decision is timed, and checked, as it is written.
  const decidedAt = deps.clock();
  if (!isOpen(item, decidedAt)) throw new WrongStatusError(expiredMessage(item, 'decided'));
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
  const updated = await deps.approvals.recordDecision(
    item.requestId,
    {
      verdict: decision.verdict,
      approver: decision.approver,
      decidedAt: decidedAt.toISOString(),
      comment: decision.comment,
      allowedTools: decision.verdict === 'approved' ? allowedTools : [],
      ...(decision.callsDigest ? { callsDigest: decision.callsDigest } : {}),
    },
    item.policy?.approval?.quorum ?? 1,
    item,
  );
  await handOffDecision(deps.tokens, updated);
  return updated;
}
