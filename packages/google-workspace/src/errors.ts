/** Stable, machine-readable codes of the Google servers' expected failures. */
export type GoogleWorkspaceErrorCode =
  | 'invalid_input'
  | 'no_requester'
  | 'not_found'
  | 'already_exists'
  | 'gone'
  | 'rejected'
  | 'forbidden'
  | 'credentials'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable';

/**
 * Base of every failure a Google server's tools report to the caller as a tool error. Messages
 * carry Google's own explanation where there is one, and never a key, token or password.
 */
export class GoogleWorkspaceError extends Error {
  readonly code: GoogleWorkspaceErrorCode;

  constructor(code: GoogleWorkspaceErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GoogleWorkspaceError';
    this.code = code;
  }
}
