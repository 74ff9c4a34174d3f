import { ApprovalCategorySchema, parseOrThrow, QualifiedToolNameSchema } from '@agentcore/core';
import * as z from 'zod';
import { cedarPrefixPattern, cedarString, commentText } from './cedar-text.js';
import type { PolicySource } from './policy-set.js';

// Cedar decimals: four fractional digits within ±922337203685477.5807.
const representable = (value: number) =>
  Math.abs(value) < 922_337_203_685_477 && Number(value.toFixed(4)) === value;

const AmountSchema = z
  .number()
  .finite()
  .refine(representable, 'must have at most 4 decimal places (Cedar decimal precision)')
  .nullish();

/** One rule of the seed's JSON policy format (`POLICY_PATH`, the config table's `rules`). */
export const SeedRuleSchema = z.object({
  name: z.string().trim().min(1).max(200),
  categories: z.array(ApprovalCategorySchema).default([]),
  environments: z.array(z.string().min(1)).default([]),
  resource_prefixes: z.array(z.string().min(1)).default([]),
  min_amount: AmountSchema,
  max_amount: AmountSchema,
  require_approval: z.boolean().default(true),
  deny: z.boolean().default(false),
  tools: z.array(QualifiedToolNameSchema).default([]),
});
export type SeedRule = z.infer<typeof SeedRuleSchema>;
export type SeedRuleInput = z.input<typeof SeedRuleSchema>;

/** The seed's file: `{ "rules": [...] }`; a bare list of rules is accepted too. */
export const SeedPolicyFileSchema = z.preprocess(
  (input) => (Array.isArray(input) ? { rules: input } : input),
  z.object({ rules: z.array(SeedRuleSchema) }).transform((file) => file.rules),
);

export interface CompiledSeedRules {
  /** The Cedar policies, ready for the engine; `source.text` is the text to read and keep. */
  source: PolicySource;
  rules: SeedRule[];
  /** Names of the rules that neither deny nor require approval, which decide nothing. */
  inert: string[];
}

function anyOf(values: readonly string[], attribute: string): string {
  if (values.length === 1) return `${attribute} == ${cedarString(values[0] ?? '')}`;
  return `[${values.map(cedarString).join(', ')}].contains(${attribute})`;
}

/** A Cedar decimal literal, e.g. `decimal("10.5")`. */
function decimalLiteral(value: number): string {
  return `decimal("${value
    .toFixed(4)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '.0')}")`;
}

// The seed compares `amount or 0`, so a bound applies to a missing amount as it would to 0.
function amountCondition(rule: SeedRule): string | undefined {
  const tests: string[] = [];
  let missingPasses = true;
  if (rule.min_amount != null) {
    tests.push(`context.amount.greaterThanOrEqual(${decimalLiteral(rule.min_amount)})`);
    missingPasses &&= 0 >= rule.min_amount;
  }
  if (rule.max_amount != null) {
    tests.push(`context.amount.lessThanOrEqual(${decimalLiteral(rule.max_amount)})`);
    missingPasses &&= 0 <= rule.max_amount;
  }
  if (tests.length === 0) return undefined;
  // Cedar's validator follows `has` through `if` and `&&`, not through `!… ||`.
  if (missingPasses) return `(if context has amount then ${tests.join(' && ')} else true)`;
  return `(context has amount && ${tests.join(' && ')})`;
}

function conditions(rule: SeedRule): string[] {
  const parts: string[] = [];
  if (rule.categories.length > 0) parts.push(anyOf(rule.categories, 'context.category'));
  if (rule.environments.length > 0) parts.push(anyOf(rule.environments, 'context.environment'));
  if (rule.resource_prefixes.length > 0) {
    // The seed lets a request without a resource pass a prefix filter.
    const prefixes = rule.resource_prefixes.map(
      (prefix) => `context.resource like ${cedarPrefixPattern(prefix)}`,
    );
    parts.push(`(if context has resource then ${prefixes.join(' || ')} else true)`);
  }
  const amount = amountCondition(rule);
  if (amount !== undefined) parts.push(amount);
  return parts;
}

function actionScope(tools: readonly string[]): string {
  if (tools.length === 0) return 'action';
  if (tools.length === 1) return `action == Action::${cedarString(tools[0] ?? '')}`;
  return `action in [${tools.map((tool) => `Action::${cedarString(tool)}`).join(', ')}]`;
}

function uniqueIds(rules: readonly SeedRule[]): string[] {
  const used = new Map<string, number>();
  return rules.map((rule) => {
    const count = (used.get(rule.name) ?? 0) + 1;
    used.set(rule.name, count);
    return count === 1 ? rule.name : `${rule.name} (${count})`;
  });
}

/**
 * Compiles seed rules into Cedar. The seed walks its rules in order: the first matching deny
 * denies, else the first matching require-approval rule requires approval. Every deny then
 * beats every require-approval whatever the order, which is Cedar's forbid-overrides; policy
 * order is kept so the first reported id is the rule the seed would have named. A rule with
 * both flags off never stops the walk, so it compiles to a comment only.
 */
export function compileSeedRules(
  input: unknown,
  sourceName = 'seed-rules.cedar',
): CompiledSeedRules {
  const rules = parseOrThrow(SeedPolicyFileSchema, input, 'seed policy rules');
  const ids = uniqueIds(rules);
  const blocks: string[] = [
    `// Compiled from ${rules.length} seed rule(s). Outcome: the first matching deny rule,\n` +
      '// else the first matching require-approval rule, else the engine default.',
  ];
  const inert: string[] = [];
  rules.forEach((rule, index) => {
    const label = `// seed rule ${index + 1}: ${commentText(rule.name)}`;
    if (!rule.deny && !rule.require_approval) {
      inert.push(rule.name);
      blocks.push(`${label}\n// neither denies nor requires approval, so it decides nothing`);
      return;
    }
    const outcome = rule.deny ? 'deny' : 'require_approval';
    const said = rule.deny ? 'Denied by policy rule' : 'Approval required by policy rule';
    const when = conditions(rule);
    const lines = [
      label,
      `@id(${cedarString(ids[index] ?? rule.name)})`,
      `@outcome("${outcome}")`,
      `@reason(${cedarString(`${said} ${rule.name}`)})`,
      `forbid (principal, ${actionScope(rule.tools)}, resource)${when.length === 0 ? ';' : ''}`,
    ];
    if (when.length > 0) lines.push(`when {\n  ${when.join(' &&\n  ')}\n};`);
    blocks.push(lines.join('\n'));
  });
  return { source: { name: sourceName, text: `${blocks.join('\n\n')}\n` }, rules, inert };
}
