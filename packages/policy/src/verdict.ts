import {
  type ApprovalRequirements,
  LIMITS,
  type PolicyDecision,
  type PolicyOutcome,
} from '@agentcore/core';
import type { Response } from '@cedar-policy/cedar-wasm/nodejs';
import { mergeApproval } from './approval.js';
import type { CompiledPolicy, CompiledPolicySet } from './policy-set.js';

/** The outcome for one tool (or one planned call of it). */
export interface ToolVerdict {
  tool: string;
  /** Index into the action's `toolCalls` when the verdict is about that call. */
  callIndex?: number;
  outcome: PolicyOutcome;
  /** The policies that decided, in policy-set order; empty when the default applied. */
  policyIds: string[];
  /** True when no policy applied and the environment's default decided. */
  defaulted: boolean;
  /** Policies Cedar could not evaluate for this request; a forbid among them counts as matching. */
  errors: { policyId: string; message: string }[];
  /** How many policies Cedar evaluated: the slice, or the whole set without slicing. */
  evaluatedPolicies: number;
}

const SEVERITY: Record<PolicyOutcome, number> = { allow: 0, require_approval: 1, deny: 2 };

/** The stricter of two outcomes: deny over require_approval over allow. */
export function stricter(a: PolicyOutcome, b: PolicyOutcome): PolicyOutcome {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

function byPosition(set: CompiledPolicySet, ids: Iterable<string>): CompiledPolicy[] {
  const policies: CompiledPolicy[] = [];
  for (const id of ids) {
    const policy = set.byId.get(id);
    if (policy !== undefined) policies.push(policy);
  }
  return policies.sort((a, b) => a.position - b.position);
}

/**
 * Reads Cedar's answer. Cedar says deny when a forbid holds (its reasons are then the forbids)
 * and allow when only permits hold; the forbids' annotations tell deny from require_approval.
 * A forbid that failed to evaluate counts as holding, so an error never loosens a decision.
 */
export function verdictOf(
  base: { tool: string; callIndex?: number },
  evaluatedPolicies: number,
  response: Response | undefined,
  set: CompiledPolicySet,
  fallback: PolicyOutcome,
): ToolVerdict {
  const position = (id: string) => set.byId.get(id)?.position ?? -1;
  const errors = (response?.diagnostics.errors ?? [])
    .map(({ policyId, error }) => ({ policyId, message: error.message }))
    .sort((a, b) => position(a.policyId) - position(b.policyId));
  const forbids = byPosition(set, [
    ...(response?.decision === 'deny' ? response.diagnostics.reason : []),
    ...errors.map((error) => error.policyId),
  ]).filter((policy) => policy.effect === 'forbid');
  const denying = forbids.filter((policy) => policy.outcome === 'deny');
  const verdict = (outcome: PolicyOutcome, policies: CompiledPolicy[]): ToolVerdict => ({
    tool: base.tool,
    ...(base.callIndex === undefined ? {} : { callIndex: base.callIndex }),
    outcome,
    policyIds: policies.map((policy) => policy.id),
    defaulted: policies.length === 0,
    errors,
    evaluatedPolicies,
  });
  if (denying.length > 0) return verdict('deny', denying);
  if (forbids.length > 0) return verdict('require_approval', forbids);
  if (response?.decision === 'allow') {
    return verdict('allow', byPosition(set, response.diagnostics.reason));
  }
  return verdict(fallback, []);
}

const LABELS: Record<PolicyOutcome, string> = {
  allow: 'Allowed',
  require_approval: 'Approval required',
  deny: 'Denied',
};

function toolLabel(verdict: ToolVerdict): string {
  return verdict.callIndex === undefined
    ? verdict.tool
    : `${verdict.tool} (call ${verdict.callIndex + 1})`;
}

function explanation(verdict: ToolVerdict, set: CompiledPolicySet, environment: string): string {
  if (verdict.defaulted) {
    return `no policy applies; the default for environment "${environment}" is ${verdict.outcome}`;
  }
  const failed = new Map(verdict.errors.map((error) => [error.policyId, error.message]));
  return verdict.policyIds
    .map((id) => {
      const reason = set.byId.get(id)?.reason;
      const said = reason === undefined ? `policy ${id}` : `${reason} [${id}]`;
      const error = failed.get(id);
      return error === undefined
        ? said
        : `${said} (could not be evaluated: ${error}; counted as matching)`;
    })
    .join('; ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Folds the verdicts of an action's tools into one decision: the strictest outcome, the
 * policies behind it, a reason naming each tool, and for require_approval the approval
 * requirements every deciding policy agrees with.
 */
export function decisionOf(
  verdicts: readonly ToolVerdict[],
  set: CompiledPolicySet,
  environment: string,
  approvalDefaults: ApprovalRequirements,
): PolicyDecision {
  const outcome = verdicts.reduce<PolicyOutcome>((worst, v) => stricter(worst, v.outcome), 'allow');
  const deciding = verdicts.filter((verdict) => verdict.outcome === outcome);
  const policies = byPosition(set, new Set(deciding.flatMap((verdict) => verdict.policyIds)));
  const toolsByExplanation = new Map<string, string[]>();
  for (const verdict of deciding) {
    const text = explanation(verdict, set, environment);
    toolsByExplanation.set(text, [...(toolsByExplanation.get(text) ?? []), toolLabel(verdict)]);
  }
  const parts = [...toolsByExplanation].map(([text, tools]) => `${tools.join(', ')}: ${text}`);
  const reason = `${LABELS[outcome]}. ${parts.join(' | ')}`;
  const decision: PolicyDecision = {
    outcome,
    policyIds: policies.map((policy) => policy.id),
    reason: truncate(reason, LIMITS.summary),
  };
  if (outcome !== 'require_approval') return decision;
  const merged = mergeApproval(
    policies.map((policy) => policy.approval),
    approvalDefaults,
  );
  if (!merged.ok) {
    return {
      ...decision,
      outcome: 'deny',
      reason: truncate(`Denied: ${merged.conflict}. ${parts.join(' | ')}`, LIMITS.summary),
    };
  }
  return { ...decision, approval: merged.requirements };
}
