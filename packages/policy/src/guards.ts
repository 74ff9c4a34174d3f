import type { Expr } from '@cedar-policy/cedar-wasm/nodejs';

// Request attributes with few distinct values in a deployment, so slicing on them multiplies the
// number of distinct slices only a little. Amounts, resources and times of day to the second are
// left to Cedar: slicing on them would make nearly every request a slice of its own.
const STRING_ATTRIBUTES = new Set(['category', 'environment', 'source', 'tool']);
const NUMBER_ATTRIBUTES = new Set(['riskWeight', 'hourUtc', 'weekdayUtc']);
const OPTIONAL_ATTRIBUTES = new Set(['amount', 'resource', 'channel', 'server']);

/** A test on one request attribute that a policy's conditions start with. */
export interface Guard {
  attribute: string;
  holds(value: unknown): boolean;
}

const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='] as const;
type Comparison = (typeof COMPARISONS)[number];
const MIRRORED: Record<Comparison, Comparison> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** The operands of `expr` when it is the binary operator `operator`. */
export function binary(expr: Expr, operator: string): { left: Expr; right: Expr } | undefined {
  const operands: unknown = Reflect.get(expr, operator);
  if (typeof operands !== 'object' || operands === null || Array.isArray(operands)) {
    return undefined;
  }
  const left: unknown = Reflect.get(operands, 'left');
  const right: unknown = Reflect.get(operands, 'right');
  return isExpr(left) && isExpr(right) ? { left, right } : undefined;
}

function isExpr(value: unknown): value is Expr {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name of the context attribute `expr` reads (`context.name`), if that is all it does. */
function contextAttribute(expr: Expr): string | undefined {
  const access: unknown = Reflect.get(expr, '.');
  if (typeof access !== 'object' || access === null) return undefined;
  const left: unknown = Reflect.get(access, 'left');
  const attr: unknown = Reflect.get(access, 'attr');
  const readsContext = isExpr(left) && Reflect.get(left, 'Var') === 'context';
  return readsContext && typeof attr === 'string' ? attr : undefined;
}

/** The string or number literal `expr` is, if it is one. */
export function literal(expr: Expr): string | number | undefined {
  const value: unknown = Reflect.get(expr, 'Value');
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

function compare(operator: Comparison, value: unknown, bound: string | number): boolean {
  if (operator === '==') return value === bound;
  if (operator === '!=') return value !== bound;
  if (typeof value !== 'number' || typeof bound !== 'number') return false;
  if (operator === '<') return value < bound;
  if (operator === '<=') return value <= bound;
  if (operator === '>') return value > bound;
  return value >= bound;
}

function comparisonGuard(expr: Expr): Guard | undefined {
  for (const operator of COMPARISONS) {
    const operands = binary(expr, operator);
    if (operands === undefined) continue;
    let attribute = contextAttribute(operands.left);
    let bound = literal(operands.right);
    let applied = operator;
    if (attribute === undefined) {
      attribute = contextAttribute(operands.right);
      bound = literal(operands.left);
      applied = MIRRORED[operator];
    }
    if (attribute === undefined || bound === undefined) return undefined;
    const ordered = applied !== '==' && applied !== '!=';
    if (!NUMBER_ATTRIBUTES.has(attribute) && (ordered || !STRING_ATTRIBUTES.has(attribute))) {
      return undefined;
    }
    const limit = bound;
    const test = applied;
    return { attribute, holds: (value) => compare(test, value, limit) };
  }
  return undefined;
}

function membershipGuard(expr: Expr): Guard | undefined {
  const operands = binary(expr, 'contains');
  if (operands === undefined) return undefined;
  const attribute = contextAttribute(operands.right);
  const set: unknown = Reflect.get(operands.left, 'Set');
  if (attribute === undefined || !Array.isArray(set)) return undefined;
  if (!STRING_ATTRIBUTES.has(attribute) && !NUMBER_ATTRIBUTES.has(attribute)) return undefined;
  const values = new Set<string | number>();
  for (const element of set) {
    const value = isExpr(element) ? literal(element) : undefined;
    if (value === undefined) return undefined;
    values.add(value);
  }
  return {
    attribute,
    holds: (value) => (typeof value === 'string' || typeof value === 'number') && values.has(value),
  };
}

function presenceGuard(expr: Expr): Guard | undefined {
  const test: unknown = Reflect.get(expr, 'has');
  if (typeof test !== 'object' || test === null) return undefined;
  const left: unknown = Reflect.get(test, 'left');
  const attr: unknown = Reflect.get(test, 'attr');
  if (!isExpr(left) || Reflect.get(left, 'Var') !== 'context') return undefined;
  if (typeof attr !== 'string' || !OPTIONAL_ATTRIBUTES.has(attr)) return undefined;
  return { attribute: attr, holds: (value) => value !== undefined };
}

/**
 * The guard `expr` is, if it is a test a request's attributes decide alone: a comparison of a
 * few-valued context attribute with a literal, membership in a literal set, or `context has x`.
 */
export function guardOf(expr: Expr): Guard | undefined {
  return comparisonGuard(expr) ?? membershipGuard(expr) ?? presenceGuard(expr);
}

/** Whether a request's context passes every guard of a policy. */
export function passesGuards(
  guards: readonly Guard[],
  context: Readonly<Record<string, unknown>>,
): boolean {
  for (const guard of guards) {
    if (!guard.holds(context[guard.attribute])) return false;
  }
  return true;
}
