import { GoogleDriveError, type GoogleDriveErrorCode } from './errors.js';

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** The longest Retry-After honoured; a longer one is waited for no more than this. */
const MAX_RETRY_AFTER_MS = 30_000;

export interface Failure {
  readonly code: GoogleDriveErrorCode;
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

/**
 * What a failed call means, in words taken from Google's answer: the API's error envelope, or
 * the token endpoint's `{error, error_description}`. Built from the response alone, so nothing
 * of the request (the signed assertion, the token) reaches the message.
 */
export function describeFailure(error: unknown, timeoutMs: number, api: string): Failure {
  if (error instanceof GoogleDriveError) {
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
  if (status === 404) return { code: 'not_found', message, retryable: false };
  if (status === 410) return { code: 'gone', message, retryable: false };
  if (status === 401 || status === 403) return { code: 'forbidden', message, retryable: false };
  return { code: 'rejected', message, retryable: false };
}

export interface RetryPolicy {
  readonly api: string;
  readonly timeoutMs: number;
  /** Retries after the first attempt, for faults that pass (429, 5xx, rate-limit 403s, timeouts). */
  readonly maxRetries: number;
  /** First retry delay, doubled on each further retry, unless Google says how long to wait. */
  readonly backoffMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Runs one Google call with a per-attempt timeout and bounded retries. A call that is not
 * idempotent is repeated only after refusals that say it was not processed (rate limits).
 */
export async function callGoogle<T>(
  policy: RetryPolicy,
  idempotent: boolean,
  send: (options: { timeout: number; retry: false }) => Promise<{ data: T }>,
): Promise<T> {
  const attempts = policy.maxRetries + 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await send({ timeout: policy.timeoutMs, retry: false });
      return response.data;
    } catch (error) {
      const failure = describeFailure(error, policy.timeoutMs, policy.api);
      const mayRepeat = idempotent || failure.code === 'rate_limited';
      if (!failure.retryable || !mayRepeat || attempt >= attempts) {
        const tries = attempt === 1 ? '' : ` (after ${attempt} attempts)`;
        throw new GoogleDriveError(failure.code, `${failure.message}${tries}`);
      }
      await policy.sleep(failure.retryAfterMs ?? policy.backoffMs * 2 ** (attempt - 1));
    }
  }
}
