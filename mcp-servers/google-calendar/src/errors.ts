/** Stable, machine-readable codes of the Google Calendar server's expected failures. */
export type GoogleCalendarErrorCode =
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
 * Base of every failure the Google Calendar tools report to the caller as a tool error. Messages
 * carry Google's own explanation where there is one, and never a key or token.
 */
export class GoogleCalendarError extends Error {
  readonly code: GoogleCalendarErrorCode;

  constructor(code: GoogleCalendarErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GoogleCalendarError';
    this.code = code;
  }
}
