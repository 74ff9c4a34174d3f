import { setTimeout as delay } from 'node:timers/promises';
import { abortedError } from './errors.js';

/** Exponential backoff with jitter: `min(maxDelayMs, baseDelayMs * 2^attempt) + U(0, jitterMs)`. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 turns retrying off. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitterMs: number;
}

/** The seed's backoff (0.5 s base, doubling, 0-0.25 s jitter), with fewer retries. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  jitterMs: 250,
};

/** Waits `ms` without blocking the event loop; rejects with an `aborted` AgentError on abort. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const timerSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted) throw abortedError(signal);
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw abortedError(signal);
    throw error;
  }
};

/** The delay before retry number `attempt + 1` (attempt counts from 0). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exponential + random() * policy.jitterMs);
}

// The seed's retryable set (SEED-SPEC 4.5): these service errors plus timeouts and failed
// connections. Anything else (validation, access, model errors) fails at once.
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'TooManyRequestsException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
]);

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined;
}

/** Whether a failed model call is worth making again (by name, or by network error code). */
export function isRetryableModelError(error: unknown): boolean {
  // fetch wraps connection failures in a TypeError whose cause carries the code; a few levels
  // of causes are enough, and the bound keeps a cyclic chain from looping.
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    const name = field(current, 'name');
    if (typeof name === 'string' && RETRYABLE_NAMES.has(name)) return true;
    const code = field(current, 'code');
    if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return true;
    current = field(current, 'cause');
  }
  return false;
}
