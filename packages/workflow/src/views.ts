import {
  type ApprovalItem,
  approvedDigestOf,
  describeCall,
  requestCategory,
} from '@agentcore/core';

/** A request as callers may see it: never its task token. */
export function requestView(item: ApprovalItem) {
  return {
    requestId: item.requestId,
    status: item.status,
    summary: item.action.summary,
    query: item.action.query,
    requester: item.requester.userId,
    /** Derived by policy from the calls' tools once decided; the planner's word before. */
    category: requestCategory(item),
    environment: item.action.environment,
    intendedTools: item.intendedTools,
    allowedTools: item.allowedTools,
    /** Which step of the request these calls are (1 unless a run came back to planning). */
    step: item.step,
    /** What the planner will do once these calls ran (the request then returns to planning). */
    nextStep: item.action.nextStep,
    toolCalls: item.action.toolCalls ?? [],
    /** What each exact call will do, in plain words, in the same order: what approvers approve. */
    callDescriptions: (item.action.toolCalls ?? []).map(describeCall),
    /**
     * The digest of these calls, their pins and the policy version as they stand: send it with a
     * decision, and the vote counts only if nobody changed the calls since you read them.
     */
    callsDigest: approvedDigestOf(item),
    /** Set once approved: the digest binding the approval to these calls, pins and policy. */
    approvedDigest: item.approvedDigest,
    policy: item.policy && {
      outcome: item.policy.outcome,
      reason: item.policy.reason,
      policyIds: item.policy.policyIds,
      quorum: item.policy.approval?.quorum ?? 1,
    },
    votes: item.votes.map((vote) => ({
      approver: vote.approver,
      verdict: vote.verdict,
      decidedAt: vote.decidedAt,
    })),
    decision: item.decision && {
      verdict: item.decision.verdict,
      approver: item.decision.approver,
      comment: item.decision.comment,
      decidedAt: item.decision.decidedAt,
    },
    expiresAt: item.expiresAt,
    statusReason: item.statusReason,
    result: item.result && {
      outcome: item.result.outcome,
      output: item.result.output,
      error: item.result.error,
    },
    /** The steps that ran before this one: what each ran, who approved it, how it went. */
    earlierSteps: item.earlierSteps.map((step) => ({
      step: step.step,
      summary: step.summary,
      approvedBy: step.decision?.approver,
      outcome: step.result.outcome,
      toolCalls: step.result.toolCalls.map((call) => ({
        tool: call.tool,
        arguments: call.arguments,
        ok: call.ok,
      })),
      output: step.result.output,
    })),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}
export type RequestView = ReturnType<typeof requestView>;
