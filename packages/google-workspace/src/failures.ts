import { GoogleWorkspaceError, type GoogleWorkspaceErrorCode } from './errors.js';

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** The longest Retry-After honoured; a longer one is waited for no more than this. */
const MAX_RETRY_AFTER_MS = 30_000;

/** What a failed call means, and whether trying again may help. */
export interface Failure {
  readonly code: GoogleWorkspaceErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  /** Retry-After of a 429 or 503, in milliseconds. */
  readonly retryAfterMs?: number;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

function causes(error: unknown): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  for (let current = record(error); current && chain.length < 5; current = record(current.cause)) {
    chain.push(current);
  }
  return chain;
}

function isTimeout(error: unknown): boolean {
  return causes(error).some(
    (fields) =>
      fields.name === 'TimeoutError' ||
      fields.code === 'ETIMEDOUT' ||
      (fields.name === 'AbortError' && String(fields.message ?? '').includes('timeout')),
  );
}

function networkCode(error: unknown): string | undefined {
  const code = causes(error)
    .map((fields) => fields.code)
    .find((value) => typeof value === 'string' && NETWORK_CODES.has(value));
  return typeof code === 'string' ? code : undefined;
}

function retryAfterOf(headers: unknown): number | undefined {
  const value =
    headers instanceof Headers
      ? headers.get('retry-after')
      : (record(headers)?.['retry-after'] as string | undefined);
  const seconds = Number(value);
  return value !== undefined && value !== null && Number.isFinite(seconds) && seconds >= 0
    ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS)
    : undefined;
}

function codeOfStatus(status: number): GoogleWorkspaceErrorCode {
  if (status === 404) return 'not_found';
  if (status === 409) return 'already_exists';
  if (status === 410) return 'gone';
  if (status === 401 || status === 403) return 'forbidden';
  return 'rejected';
}

/**
 * What a failed call means, in words taken from Google's answer: the API's error envelope, or
 * the token endpoint's `{error, error_description}`. Built from the response alone, so nothing
 * of the request (the signed assertion, the token) reaches the message. `api` names the API in
 * the message ("Google Calendar API").
 */
export function describeFailure(error: unknown, timeoutMs: number, api: string): Failure {
  if (error instanceof GoogleWorkspaceError) {
    return { code: error.code, message: error.message, retryable: false };
  }
  const response = record(record(error)?.response);
  const status = typeof response?.status === 'number' ? response.status : undefined;
  if (status === undefined) {
    if (isTimeout(error)) {
      return {
        code: 'timeout',
        message: `Google did not answer within ${timeoutMs} ms`,
        retryable: true,
      };
    }
    const code = networkCode(error);
    return {
      code: 'unavailable',
      message: `Google could not be reached${code ? ` (${code})` : ''}`,
      retryable: code !== undefined,
    };
  }
  const data = record(response?.data);
  if (typeof data?.error === 'string') {
    const description =
      typeof data.error_description === 'string' ? `: ${data.error_description}` : '';
    return {
      code: status >= 500 ? 'unavailable' : 'credentials',
      message: `Google refused the service account's token request (HTTP ${status}): ${data.error}${description}`,
      retryable: status >= 500,
    };
  }
  const envelope = record(data?.error);
  const googleMessage =
    typeof envelope?.message === 'string' && envelope.message !== ''
      ? envelope.message
      : `HTTP ${status}`;
  const first = Array.isArray(envelope?.errors) ? record(envelope.errors[0]) : undefined;
  const reason = typeof first?.reason === 'string' ? first.reason : undefined;
  const message = `${api} error (HTTP ${status}): ${googleMessage}`;
  const retryAfterMs = retryAfterOf(response?.headers);
  const after = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (
    status === 429 ||
    (status === 403 && reason !== undefined && RATE_LIMIT_REASONS.has(reason))
  ) {
    return { code: 'rate_limited', message, retryable: true, ...after };
  }
  if (status >= 500) return { code: 'unavailable', message, retryable: true, ...after };
  return { code: codeOfStatus(status), message, retryable: false };
}
