import { SubmissionLimit as SharedSubmissionLimit } from '@agentcore/adapters';
import type { Clock } from '@agentcore/workflow';
import { HttpError } from './http-errors.js';

/** The shared per-caller submission limit (a token bucket), refusing with a 429 the API sends. */
export class SubmissionLimit {
  private readonly limit: SharedSubmissionLimit;

  constructor(perMinute: number, clock: Clock) {
    this.limit = new SharedSubmissionLimit(perMinute, clock);
  }

  /** Takes one submission for `caller`, or throws 429 saying when to try again. */
  take(caller: string): void {
    const verdict = this.limit.take(caller);
    if (verdict.allowed) return;
    throw new HttpError(
      429,
      'too_many_requests',
      `at most ${this.limit.perMinute} submissions a minute; try again in ${verdict.retryAfterSeconds} s`,
      { 'retry-after': String(verdict.retryAfterSeconds) },
    );
  }
}
