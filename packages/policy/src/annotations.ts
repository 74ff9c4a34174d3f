import { type PolicyOutcome, parsePolicyOutcome } from '@agentcore/core';
import type { Annotations, Effect } from '@cedar-policy/cedar-wasm/nodejs';

/** What a require-approval policy says about who approves and for how long; unset = not said. */
export interface ApprovalSpec {
  approverUserIds?: string[];
  approverGroups?: string[];
  quorum?: number;
  allowSelfApproval?: boolean;
  expiresInSeconds?: number;
}

/** The meaning of a policy's annotations. */
export interface PolicyMeta {
  id?: string;
  outcome: PolicyOutcome;
  reason?: string;
  approval: ApprovalSpec;
}

/** An annotation that was refused, named so the caller can point at it in the text. */
export interface AnnotationProblem {
  annotation: string;
  message: string;
}

export type AnnotationResult =
  | { ok: true; meta: PolicyMeta }
  | { ok: false; problems: AnnotationProblem[] };

const APPROVAL_ANNOTATIONS = [
  'approverUsers',
  'approverGroups',
  'quorum',
  'allowSelfApproval',
  'expiresIn',
] as const;

/** Every annotation the engine understands; any other is refused as a probable typo. */
export const KNOWN_ANNOTATIONS: readonly string[] = [
  'id',
  'outcome',
  'reason',
  ...APPROVAL_ANNOTATIONS,
];

const MAX_EXPIRY_SECONDS = 31_536_000;
const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3_600, d: 86_400 };

function parseList(value: string): string[] {
  return value.split(/[\s,]+/).filter((item) => item.length > 0);
}

type Parsed<T> = { value: T } | { error: string };

function parseQuorum(value: string): Parsed<number> {
  const quorum = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (quorum >= 1 && quorum <= 10) return { value: quorum };
  return { error: `@quorum must be a whole number from 1 to 10, not "${value}"` };
}

function parseBoolean(value: string): Parsed<boolean> {
  if (value === 'true' || value === 'false') return { value: value === 'true' };
  return { error: `@allowSelfApproval must be "true" or "false", not "${value}"` };
}

function parseDuration(value: string): Parsed<number> {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? 1) : 0;
  if (seconds >= 1 && seconds <= MAX_EXPIRY_SECONDS) return { value: seconds };
  return {
    error: `@expiresIn must be a duration such as "900", "30m", "4h" or "7d" (at most 365d), not "${value}"`,
  };
}

function parseOutcome(effect: Effect, value: string | undefined): Parsed<PolicyOutcome> {
  const outcome =
    value === undefined ? (effect === 'permit' ? 'allow' : 'deny') : parsePolicyOutcome(value);
  if (outcome === undefined) {
    return { error: `@outcome must be "allow", "require_approval" or "deny", not "${value}"` };
  }
  if (effect === 'permit' && outcome !== 'allow') {
    return {
      error: `a permit policy can only allow; write forbid with @outcome("${outcome}") instead`,
    };
  }
  if (effect === 'forbid' && outcome === 'allow') {
    return { error: 'a forbid policy cannot allow; use permit, or @outcome("require_approval")' };
  }
  return { value: outcome };
}

/**
 * Reads a policy's annotations. A forbid is a deny unless it says
 * `@outcome("require_approval")`, so a plain Cedar engine reading the same set fails closed.
 */
export function readAnnotations(
  effect: Effect,
  annotations: Annotations | undefined,
): AnnotationResult {
  const problems: AnnotationProblem[] = [];
  const values = new Map<string, string>();
  for (const [name, raw] of Object.entries(annotations ?? {})) {
    // Cedar reports a bare `@name` with a null value although its type says string.
    const value: unknown = raw;
    if (!KNOWN_ANNOTATIONS.includes(name)) {
      problems.push({
        annotation: name,
        message: `unknown annotation @${name}; known: @${KNOWN_ANNOTATIONS.join(', @')}`,
      });
    } else if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ annotation: name, message: `@${name} needs a value, e.g. @${name}("…")` });
    } else {
      values.set(name, value.trim());
    }
  }
  const meta: PolicyMeta = { outcome: 'deny', approval: {} };
  const take = <T>(name: string, parsed: Parsed<T>, apply: (value: T) => void) => {
    if ('error' in parsed) problems.push({ annotation: name, message: parsed.error });
    else apply(parsed.value);
  };
  take('outcome', parseOutcome(effect, values.get('outcome')), (outcome) => {
    meta.outcome = outcome;
  });
  const id = values.get('id');
  if (id !== undefined) meta.id = id;
  const reason = values.get('reason');
  if (reason !== undefined) meta.reason = reason;
  for (const name of APPROVAL_ANNOTATIONS) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (meta.outcome !== 'require_approval') {
      problems.push({
        annotation: name,
        message: `@${name} only applies to forbid policies with @outcome("require_approval")`,
      });
      continue;
    }
    if (name === 'approverUsers') meta.approval.approverUserIds = parseList(value);
    if (name === 'approverGroups') meta.approval.approverGroups = parseList(value);
    if (name === 'quorum')
      take(name, parseQuorum(value), (quorum) => (meta.approval.quorum = quorum));
    if (name === 'allowSelfApproval') {
      take(name, parseBoolean(value), (allow) => (meta.approval.allowSelfApproval = allow));
    }
    if (name === 'expiresIn') {
      take(name, parseDuration(value), (seconds) => (meta.approval.expiresInSeconds = seconds));
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, meta };
}
