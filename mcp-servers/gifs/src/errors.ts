import type { GifSource } from './schemas.js';

/** Stable, machine-readable codes of the GIF server's expected failures. */
export type GifErrorCode =
  | 'provider_not_configured'
  | 'no_providers'
  | 'no_results'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable'
  | 'unauthorized'
  | 'rejected'
  | 'bad_response';

/** Base of every failure the GIF tools report to the caller as a tool error. */
export class GifError extends Error {
  readonly code: GifErrorCode;

  constructor(code: GifErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GifError';
    this.code = code;
  }
}

/** A provider could not serve the request; another configured provider may be tried. */
export class GifProviderError extends GifError {
  constructor(
    readonly source: GifSource,
    code: GifErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
    this.name = 'GifProviderError';
  }
}

/** The provider kept answering 429 until the retries ran out (or asked for too long a wait). */
export class GifRateLimitError extends GifProviderError {
  constructor(
    source: GifSource,
    message: string,
    readonly attempts: number,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(source, 'rate_limited', message);
    this.name = 'GifRateLimitError';
  }
}
