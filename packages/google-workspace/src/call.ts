import { setTimeout as sleepFor } from 'node:timers/promises';
import { GoogleWorkspaceError } from './errors.js';
import { describeFailure } from './failures.js';

export interface RetryPolicy {
  /** The API's name in error messages ("Google Drive API"). */
  readonly api: string;
  readonly timeoutMs: number;
  /** Retries after the first attempt, for faults that pass (429, 5xx, rate-limit 403s, timeouts). */
  readonly maxRetries: number;
  /** First retry delay, doubled on each further retry, unless Google says how long to wait. */
  readonly backoffMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A retry policy from a server's options: 500 ms first backoff and a real sleep by default. */
export function retryPolicy(
  api: string,
  options: {
    readonly timeoutMs: number;
    readonly maxRetries: number;
    readonly backoffMs?: number;
    readonly sleep?: (ms: number) => Promise<void>;
  },
): RetryPolicy {
  return {
    api,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    backoffMs: options.backoffMs ?? 500,
    sleep: options.sleep ?? ((ms) => sleepFor(ms)),
  };
}

/**
 * Runs one Google call with a per-attempt timeout and bounded retries; the client library's own
 * retries are turned off through `send`'s options so that attempts are counted here alone. A
 * call that is not idempotent is repeated only after refusals that say it was not processed
 * (rate limits). Failures are GoogleWorkspaceErrors carrying Google's message.
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
        throw new GoogleWorkspaceError(failure.code, `${failure.message}${tries}`);
      }
      await policy.sleep(failure.retryAfterMs ?? policy.backoffMs * 2 ** (attempt - 1));
    }
  }
}
