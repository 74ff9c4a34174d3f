/** Stable, machine-readable codes of the Google Drive server's expected failures. */
export type GoogleDriveErrorCode =
  | 'invalid_input'
  | 'no_requester'
  | 'not_found'
  | 'gone'
  | 'rejected'
  | 'forbidden'
  | 'credentials'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable';

/**
 * Base of every failure the Google Drive tools report to the caller as a tool error. Messages
 * carry Google's own explanation where there is one, and never a key or token.
 */
export class GoogleDriveError extends Error {
  readonly code: GoogleDriveErrorCode;

  constructor(code: GoogleDriveErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GoogleDriveError';
    this.code = code;
  }
}
