import { ManualClock } from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../src/http-errors.js';
import { SubmissionLimit } from '../src/submission-limit.js';

function refusal(take: () => void): HttpError | undefined {
  try {
    take();
    return undefined;
  } catch (error) {
    return error as HttpError;
  }
}

describe('SubmissionLimit', () => {
  it('allows a burst up to the limit, then answers 429 with when to try again', () => {
    const clock = new ManualClock();
    const limit = new SubmissionLimit(3, clock.now);

    for (let taken = 0; taken < 3; taken++) limit.take('key-a');
    const refused = refusal(() => limit.take('key-a'));

    expect(refused).toBeInstanceOf(HttpError);
    expect(refused?.status).toBe(429);
    expect(refused?.headers['retry-after']).toBe('20');
  });

  it('refills one submission every 60/limit seconds', () => {
    const clock = new ManualClock();
    const limit = new SubmissionLimit(3, clock.now);
    for (let taken = 0; taken < 3; taken++) limit.take('key-a');

    clock.advance(19_999);
    const early = refusal(() => limit.take('key-a'));
    clock.advance(1);
    const onTime = refusal(() => limit.take('key-a'));

    expect(early?.status).toBe(429);
    expect(onTime).toBeUndefined();
  });

  it('counts each caller apart', () => {
    const clock = new ManualClock();
    const limit = new SubmissionLimit(1, clock.now);

    limit.take('key-a');

    expect(refusal(() => limit.take('key-b'))).toBeUndefined();
    expect(refusal(() => limit.take('key-a'))?.status).toBe(429);
  });
});
