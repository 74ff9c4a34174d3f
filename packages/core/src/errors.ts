/** Stable, machine-readable error codes. Callers branch on `code`, never on messages. */
export type ErrorCode =
  | 'validation_failed'
  | 'illegal_transition'
  | 'status_conflict'
  | 'version_conflict'
  | 'calls_changed'
  | 'already_decided'
  | 'already_exists'
  | 'not_found'
  | 'duplicate';

export interface IssueDetail {
  path: string;
  message: string;
}

/** Base of every expected domain outcome: user-facing, never retried. */
export class DomainError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
  }
}

/** Input did not match its schema; nothing was written. */
export class ValidationError extends DomainError {
  readonly issues: IssueDetail[];

  constructor(subject: string, issues: IssueDetail[]) {
    const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    super('validation_failed', `invalid ${subject}: ${summary}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** The status table does not allow this move, whatever the stored state is. */
export class IllegalTransitionError extends DomainError {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super('illegal_transition', `a request cannot move from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** The stored status was not the one the caller expected: someone else moved it first. */
export class StatusConflictError extends DomainError {
  constructor(
    readonly requestId: string,
    readonly expected: string,
    readonly actual: string | undefined,
  ) {
    super(
      'status_conflict',
      `request ${requestId} is ${actual ?? 'missing'}, not ${expected}; it was changed by someone else`,
    );
    this.name = 'StatusConflictError';
  }
}

/**
 * A change made against an older version of a configuration than the one saved now: refused, so
 * two people cannot silently overwrite each other's edits.
 */
export class VersionConflictError extends DomainError {
  constructor(
    readonly subject: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      'version_conflict',
      `the ${subject} is at version ${actual}, not ${expected}: reload and apply your change again`,
    );
    this.name = 'VersionConflictError';
  }
}

/** A vote for calls the request no longer holds: someone edited them after the approver read them. */
export class CallsChangedError extends DomainError {
  constructor(readonly requestId: string) {
    super(
      'calls_changed',
      `the calls of request ${requestId} changed since you read them; read it again and decide on what it asks now`,
    );
    this.name = 'CallsChangedError';
  }
}

/** A decision for this request was already recorded; this one was not. */
export class AlreadyDecidedError extends DomainError {
  constructor(
    readonly requestId: string,
    readonly currentStatus: string | undefined,
  ) {
    super(
      'already_decided',
      `request ${requestId} was already decided (${currentStatus ?? 'unknown'})`,
    );
    this.name = 'AlreadyDecidedError';
  }
}

/** A record with this key exists already with different content. */
export class AlreadyExistsError extends DomainError {
  constructor(readonly key: string) {
    super('already_exists', `${key} already exists with different content`);
    this.name = 'AlreadyExistsError';
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly kind: string,
    readonly key: string,
  ) {
    super('not_found', `${kind} ${key} not found`);
    this.name = 'NotFoundError';
  }
}

/** An idempotency key was seen before: the work it guards was already done or started. */
export class DuplicateError extends DomainError {
  constructor(readonly key: string) {
    super('duplicate', `${key} was already processed`);
    this.name = 'DuplicateError';
  }
}
