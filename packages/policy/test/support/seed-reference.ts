import type { PolicyOutcome, ProposedAction } from '@agentcore/core';
import type { SeedRule } from '../../src/index.js';

/**
 * The seed's engine (SEED-SPEC 3.3), written directly: the first matching deny rule, else the
 * first matching require-approval rule, else `fallback` (the seed always allowed).
 */
export function seedDecide(
  rules: readonly SeedRule[],
  action: ProposedAction,
  fallback: PolicyOutcome,
): { outcome: PolicyOutcome; matchedRule?: string } {
  const tools = new Set([
    ...action.intendedTools,
    ...(action.toolCalls ?? []).map((call) => call.tool),
  ]);
  const amount = action.amount ?? 0;
  const matches = (rule: SeedRule): boolean => {
    if (rule.categories.length > 0 && !rule.categories.includes(action.category)) return false;
    if (rule.environments.length > 0 && !rule.environments.includes(action.environment))
      return false;
    const resource = action.resource;
    if (
      rule.resource_prefixes.length > 0 &&
      resource !== undefined &&
      !rule.resource_prefixes.some((prefix) => resource.startsWith(prefix))
    ) {
      return false;
    }
    if (rule.tools.length > 0 && !rule.tools.some((tool) => tools.has(tool))) return false;
    if (rule.min_amount != null && amount < rule.min_amount) return false;
    if (rule.max_amount != null && amount > rule.max_amount) return false;
    return true;
  };
  const denying = rules.find((rule) => rule.deny && matches(rule));
  if (denying !== undefined) return { outcome: 'deny', matchedRule: denying.name };
  const gating = rules.find((rule) => rule.require_approval && matches(rule));
  if (gating !== undefined) return { outcome: 'require_approval', matchedRule: gating.name };
  return { outcome: fallback };
}
