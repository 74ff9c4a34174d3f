/** Base of the workflow's own errors; `code` is stable, messages are for people. */
export class WorkflowError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WorkflowError';
    this.code = code;
  }
}

/** The person may not decide this request (not an approver, or deciding their own). */
export class NotAuthorisedError extends WorkflowError {
  constructor(message: string) {
    super('not_authorised', message);
    this.name = 'NotAuthorisedError';
  }
}

/**
 * The planner could not turn a request's words into an action. Not transient: retrying the
 * same words gives the same answer, so the request ends with the message as its reason.
 */
export class NotUnderstoodError extends WorkflowError {
  constructor(message: string) {
    super('not_understood', message);
    this.name = 'NotUnderstoodError';
  }
}

/** The request is not in a state where this step applies. */
export class WrongStatusError extends WorkflowError {
  constructor(message: string) {
    super('wrong_status', message);
    this.name = 'WrongStatusError';
  }
}

/**
 * A step arrived from an execution other than the one recorded for its request (a stale or
 * forged execution): it is refused and changes nothing.
 */
export class StaleExecutionError extends WorkflowError {
  constructor(requestId: string, executionArn: string) {
    super(
      'stale_execution',
      `request ${requestId} is carried by another execution, not ${executionArn}`,
    );
    this.name = 'StaleExecutionError';
  }
}
