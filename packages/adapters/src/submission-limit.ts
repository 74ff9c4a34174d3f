import type { Clock } from '@agentcore/workflow';

/** Whether a submission may go ahead, and when not, how long until one more would be allowed. */
export type SubmissionVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Submissions per caller per minute, as a token bucket: a burst up to the limit, then one more
 * every 60/limit seconds. Per instance: behind several Lambda instances the bound is per
 * instance (API Gateway's own throttling is the global one). Shared by every edge that starts
 * requests (the request API per key, the Slack gateway per Slack user).
 */
export class SubmissionLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one submission for `caller` when one is left; a refusal takes nothing. */
  take(caller: string): SubmissionVerdict {
    const now = this.clock().getTime();
    const refillMs = 60_000 / this.perMinute;
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) / refillMs);
    if (tokens < 1) {
      this.buckets.set(caller, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.ceil(((1 - tokens) * refillMs) / 1000) };
    }
    this.buckets.set(caller, { tokens: tokens - 1, at: now });
    // Idle callers' full buckets carry no information: forget them to bound memory.
    if (this.buckets.size > 10_000) {
      for (const [key, value] of this.buckets) {
        if (value.tokens + (now - value.at) / refillMs >= this.perMinute) this.buckets.delete(key);
      }
    }
    return { allowed: true };
  }
}
