import type { Clause, Expr, PolicyJson } from '@cedar-policy/cedar-wasm/nodejs';
import { binary, type Guard, guardOf, literal } from './guards.js';
import type { PolicyScope } from './policy-analysis.js';

// `a && b && c` in evaluation order.
function conjuncts(expr: Expr): Expr[] {
  const and = binary(expr, '&&');
  if (and === undefined) return [expr];
  return [...conjuncts(and.left), ...conjuncts(and.right)];
}

function conjunction(exprs: readonly Expr[]): Expr | undefined {
  return exprs.reduce<Expr | undefined>(
    (left, right) => (left === undefined ? right : { '&&': { left, right } }),
    undefined,
  );
}

/** What the slice index knows about a policy, and the policy as a slice evaluates it. */
export interface SliceForm {
  guards: Guard[];
  /** The rewritten policy; undefined when its JSON form cannot carry it exactly. */
  json?: PolicyJson;
}

// Cedar's JSON form holds Long literals as JSON numbers, which JavaScript reads as doubles:
// beyond 2^53 they are no longer the literal that was written.
function hasInexactNumber(node: unknown): boolean {
  if (typeof node === 'number') return !Number.isSafeInteger(node);
  if (Array.isArray(node)) return node.some(hasInexactNumber);
  if (typeof node === 'object' && node !== null) return Object.values(node).some(hasInexactNumber);
  return false;
}

// Expression forms that cannot fail at run time once a policy passed strict validation (which
// proves attribute and tag accesses safe and checks literal extension arguments). Arithmetic can
// overflow and datetime/duration conversions can too, so they are not listed.
const UNARY = new Set(['!', 'isEmpty']);
const BINARY = new Set([
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
  'in',
  'contains',
  'containsAll',
  'containsAny',
  'hasTag',
  'getTag',
]);
const SAFE_CALLS = new Set([
  'lessThan',
  'lessThanOrEqual',
  'greaterThan',
  'greaterThanOrEqual',
  'isIpv4',
  'isIpv6',
  'isLoopback',
  'isMulticast',
  'isInRange',
]);
const LITERAL_CONSTRUCTORS = new Set(['decimal', 'ip', 'datetime', 'duration']);

/** The sub-expressions of one operator node, or undefined when the node may fail. */
function operands(operator: string, value: unknown): unknown[] | undefined {
  const field = (name: string): unknown =>
    typeof value === 'object' && value !== null && name in value
      ? Reflect.get(value, name)
      : undefined;
  if (operator === 'Value' || operator === 'Var') return [];
  if (UNARY.has(operator)) return [field('arg')];
  if (BINARY.has(operator)) return [field('left'), field('right')];
  if (operator === '.' || operator === 'has' || operator === 'like') return [field('left')];
  if (operator === 'is')
    return field('in') === undefined ? [field('left')] : [field('left'), field('in')];
  if (operator === 'if-then-else') return [field('if'), field('then'), field('else')];
  if (operator === 'Set' || SAFE_CALLS.has(operator))
    return Array.isArray(value) ? value : undefined;
  if (operator === 'Record') {
    return typeof value === 'object' && value !== null ? Object.values(value) : undefined;
  }
  if (LITERAL_CONSTRUCTORS.has(operator)) {
    const constant =
      Array.isArray(value) &&
      value.every(
        (arg) => typeof arg === 'object' && arg !== null && typeof literal(arg) === 'string',
      );
    return constant ? [] : undefined;
  }
  return undefined;
}

function isErrorFree(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const entries = Object.entries(node);
  if (entries.length !== 1) return false;
  const [operator, value] = entries[0] ?? ['', undefined];
  const children = operands(operator, value);
  return children?.every(isErrorFree) === true;
}

/**
 * Splits off a policy's guards and rewrites the policy for slices. Cedar evaluates the scope,
 * then the clauses in order, each left to right, and stops at the first false test. A guard is a
 * test of a `when` clause that the request's attributes decide alone (see `guardOf`), with only
 * tests before it that cannot fail: when it is false Cedar stops there without an error, so
 * leaving the policy out of the slice changes neither the decision nor the errors. A policy
 * enters a request's slice only when its scope and guards hold, so within every slice they are
 * known true: an exact scope becomes `principal, action` and the guards disappear. A policy whose
 * JSON form would not be exact keeps its text (guards and scope stay in it, and hold).
 */
export function sliceForm(policy: PolicyJson, scope: PolicyScope): SliceForm {
  const guards: Guard[] = [];
  const conditions: Clause[] = [];
  let safeSoFar = true;
  for (const clause of policy.conditions) {
    if (clause.kind === 'unless' || !safeSoFar) {
      conditions.push(clause);
      safeSoFar &&= isErrorFree(clause.body);
      continue;
    }
    const kept: Expr[] = [];
    for (const test of conjuncts(clause.body)) {
      safeSoFar &&= isErrorFree(test);
      const guard = safeSoFar ? guardOf(test) : undefined;
      if (guard === undefined) kept.push(test);
      else guards.push(guard);
    }
    const remaining = conjunction(kept);
    if (remaining !== undefined) conditions.push({ kind: 'when', body: remaining });
  }
  if (hasInexactNumber(policy.conditions)) return { guards };
  const json: PolicyJson = {
    effect: policy.effect,
    principal: scope.exact ? { op: 'All' } : policy.principal,
    action: scope.exact ? { op: 'All' } : policy.action,
    resource: policy.resource,
    conditions,
  };
  return { guards, json };
}
