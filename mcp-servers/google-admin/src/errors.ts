/** Stable, machine-readable codes of the Google Admin server's expected failures. */
export type GoogleAdminErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'already_exists'
  | 'rejected'
  | 'forbidden'
  | 'credentials'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable';

/**
 * Base of every failure the Google Admin tools report to the caller as a tool error. Messages
 * carry Google's own explanation where there is one, and never a key, token or password.
 */
export class GoogleAdminError extends Error {
  readonly code: GoogleAdminErrorCode;

  constructor(code: GoogleAdminErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GoogleAdminError';
    this.code = code;
  }
}
