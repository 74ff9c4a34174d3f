import type { ApprovalCategory, PolicyOutcome } from '@agentcore/core';
import type { SeedRule } from '../../src/index.js';

/** One call as the server sees it: its tool's category, and the resource and amount it names. */
export interface SeedCall {
  tool: string;
  category: ApprovalCategory;
  resource?: string;
  amount?: number;
}

/** A request as the seed judged it, with every fact derived by the server. */
export interface SeedRequest {
  environment: string;
  calls: readonly SeedCall[];
}

const SEVERITY: Record<PolicyOutcome, number> = { allow: 0, require_approval: 1, deny: 2 };

/**
 * The seed's engine (SEED-SPEC 3.3), written directly, applied to each call as a request of its
 * own: the first matching deny rule, else the first matching require-approval rule, else
 * `fallback` (the seed always allowed). The request's outcome is its strictest call's, and the
 * rule named is the first rule behind that outcome.
 */
export function seedDecide(
  rules: readonly SeedRule[],
  request: SeedRequest,
  fallback: PolicyOutcome,
): { outcome: PolicyOutcome; matchedRule?: string } {
  const decideCall = (call: SeedCall): { outcome: PolicyOutcome; index?: number } => {
    const amount = call.amount ?? 0;
    const matches = (rule: SeedRule): boolean => {
      if (rule.categories.length > 0 && !rule.categories.includes(call.category)) return false;
      if (rule.environments.length > 0 && !rule.environments.includes(request.environment))
        return false;
      const resource = call.resource;
      if (
        rule.resource_prefixes.length > 0 &&
        resource !== undefined &&
        !rule.resource_prefixes.some((prefix) => resource.startsWith(prefix))
      ) {
        return false;
      }
      if (rule.tools.length > 0 && !rule.tools.includes(call.tool)) return false;
      if (rule.min_amount != null && amount < rule.min_amount) return false;
      if (rule.max_amount != null && amount > rule.max_amount) return false;
      return true;
    };
    const denying = rules.findIndex((rule) => rule.deny && matches(rule));
    if (denying >= 0) return { outcome: 'deny', index: denying };
    const gating = rules.findIndex((rule) => rule.require_approval && matches(rule));
    if (gating >= 0) return { outcome: 'require_approval', index: gating };
    return { outcome: fallback };
  };
  const calls: readonly SeedCall[] =
    request.calls.length > 0 ? request.calls : [{ tool: '(no tool)', category: 'other' }];
  const decided = calls.map(decideCall);
  const outcome = decided.reduce<PolicyOutcome>(
    (worst, each) => (SEVERITY[each.outcome] > SEVERITY[worst] ? each.outcome : worst),
    'allow',
  );
  const indexes = decided.flatMap((each) =>
    each.outcome === outcome && each.index !== undefined ? [each.index] : [],
  );
  if (indexes.length === 0) return { outcome };
  return { outcome, matchedRule: rules[Math.min(...indexes)]?.name };
}
