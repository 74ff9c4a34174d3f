/** Stable, machine-readable codes of the TOTP server's expected failures. */
export type TotpErrorCode =
  | 'invalid_secret'
  | 'secret_not_found'
  | 'secret_field_missing'
  | 'secret_access_denied'
  | 'secret_source_unavailable'
  | 'unsupported_option';

/**
 * Base of every failure the TOTP tools report to the caller as a tool error. Messages are
 * written for people and never contain a secret or a code.
 */
export class TotpError extends Error {
  readonly code: TotpErrorCode;

  constructor(code: TotpErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TotpError';
    this.code = code;
  }
}

/** The secret source has no secret under this name. */
export class SecretNotFoundError extends TotpError {
  constructor(readonly secretName: string) {
    super('secret_not_found', `Secret ${secretName} was not found`);
    this.name = 'SecretNotFoundError';
  }
}

/** The secret source could not be read (timeouts, throttling or outages, after retries). */
export class SecretSourceUnavailableError extends TotpError {
  constructor(message: string, options?: ErrorOptions) {
    super('secret_source_unavailable', message, options);
    this.name = 'SecretSourceUnavailableError';
  }
}
