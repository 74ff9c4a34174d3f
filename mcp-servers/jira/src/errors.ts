/** Stable, machine-readable codes of the Jira server's expected failures. */
export type JiraErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable'
  | 'unauthorized'
  | 'rejected'
  | 'bad_response';

/** Base of every failure the Jira tools report to the caller as a tool error. */
export class JiraError extends Error {
  readonly code: JiraErrorCode;
  /** Jira's HTTP status, when the failure is Jira's answer. */
  readonly status: number | undefined;

  constructor(
    code: JiraErrorCode,
    message: string,
    options?: ErrorOptions & { status?: number | undefined },
  ) {
    super(message, options);
    this.name = 'JiraError';
    this.code = code;
    this.status = options?.status;
  }
}
