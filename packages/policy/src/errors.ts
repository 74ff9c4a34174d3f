/** Stable, machine-readable codes of the policy package. Callers branch on `code`. */
export type PolicyErrorCode = 'invalid_policy' | 'invalid_catalog' | 'evaluation_failed';

/** Base of every error the policy package throws. */
export class PolicyError extends Error {
  readonly code: PolicyErrorCode;

  constructor(code: PolicyErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PolicyError';
    this.code = code;
  }
}

/** What kind of check refused a policy. */
export type PolicyProblemKind =
  | 'syntax'
  | 'validation'
  | 'annotation'
  | 'duplicate_id'
  | 'template';

/** One reason a policy set was refused, located in the text the author wrote. */
export interface PolicyProblem {
  kind: PolicyProblemKind;
  /** Name of the policy source (file or document) the problem is in. */
  source: string;
  /** 1-based line and column (in characters) where the offending text starts. */
  line: number;
  column: number;
  message: string;
  /** The id of the policy, when the problem belongs to one that could be parsed. */
  policyId?: string;
}

function formatProblem(problem: PolicyProblem): string {
  return `${problem.source}:${problem.line}:${problem.column}: ${problem.message}`;
}

/**
 * A policy set was refused: syntax error, unknown attribute, wrong type, bad annotation or
 * duplicate id. Nothing was installed; the previously active set stays in force.
 */
export class InvalidPolicyError extends PolicyError {
  readonly problems: readonly PolicyProblem[];
  /** Location of the first problem, for callers that show only one. */
  readonly source: string;
  readonly line: number;
  readonly column: number;

  constructor(problems: readonly PolicyProblem[]) {
    const [first] = problems;
    if (first === undefined) throw new RangeError('InvalidPolicyError needs at least one problem');
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super('invalid_policy', `invalid policy: ${formatProblem(first)}${more}`);
    this.name = 'InvalidPolicyError';
    this.problems = problems;
    this.source = first.source;
    this.line = first.line;
    this.column = first.column;
  }

  /** Every problem on its own line, `source:line:column: message`. */
  describe(): string {
    return this.problems.map(formatProblem).join('\n');
  }
}

/** The tool catalog cannot be turned into a Cedar schema (for example a reserved tool name). */
export class InvalidCatalogError extends PolicyError {
  constructor(message: string) {
    super('invalid_catalog', message);
    this.name = 'InvalidCatalogError';
  }
}

/** Cedar refused a request the engine built; a bug or a corrupted policy set, never user input. */
export class PolicyEvaluationError extends PolicyError {
  constructor(message: string, options?: ErrorOptions) {
    super('evaluation_failed', message, options);
    this.name = 'PolicyEvaluationError';
  }
}
