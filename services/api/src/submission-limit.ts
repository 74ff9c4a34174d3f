import type { Clock } from '@agentcore/workflow';
import { HttpError } from './http-errors.js';

/**
 * Submissions per caller per minute, as a token bucket: a burst up to the limit, then one more
 * every 60/limit seconds. Per instance: behind several Lambda instances the bound is per
 * instance (API Gateway's own throttling is the global one).
 */
export class SubmissionLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one submission for `caller`, or throws 429 saying when to try again. */
  take(caller: string): void {
    const now = this.clock().getTime();
    const refillMs = 60_000 / this.perMinute;
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) / refillMs);
    if (tokens < 1) {
      const waitSeconds = Math.ceil(((1 - tokens) * refillMs) / 1000);
      this.buckets.set(caller, { tokens, at: now });
      throw new HttpError(
        429,
        'too_many_requests',
        `at most ${this.perMinute} submissions a minute; try again in ${waitSeconds} s`,
        { 'retry-after': String(waitSeconds) },
      );
    }
    this.buckets.set(caller, { tokens: tokens - 1, at: now });
    // Idle callers' full buckets carry no information: forget them to bound memory.
    if (this.buckets.size > 10_000) {
      for (const [key, value] of this.buckets) {
        if (value.tokens + (now - value.at) / refillMs >= this.perMinute) this.buckets.delete(key);
      }
    }
  }
}
