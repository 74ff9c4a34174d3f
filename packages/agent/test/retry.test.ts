import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableModelError,
  parseToolInput,
  timerSleep,
} from '../src/index.js';

const named = (name: string) => Object.assign(new Error('x'), { name });

describe('retries', () => {
  it('doubles the delay per attempt, adds jitter and stops at the cap', () => {
    // Prepare
    const policy = { ...DEFAULT_RETRY_POLICY, maxDelayMs: 3_000 };

    // Act
    const delays = [0, 1, 2, 3].map((attempt) => backoffDelay(attempt, policy, () => 1));

    // Assess
    expect(delays).toEqual([750, 1250, 2250, 3250]);
  });

  it.each([
    'ThrottlingException',
    'ServiceUnavailableException',
    'ModelNotReadyException',
    'TooManyRequestsException',
    'TimeoutError',
  ])('retries %s', (name) => {
    expect(isRetryableModelError(named(name))).toBe(true);
  });

  it.each(['ValidationException', 'AccessDeniedException', 'ModelErrorException'])(
    'does not retry %s',
    (name) => {
      expect(isRetryableModelError(named(name))).toBe(false);
    },
  );

  it('retries a failed connection wrapped by fetch', () => {
    // Prepare
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    // Act
    const wrapped = new TypeError('fetch failed', { cause: refused });

    // Assess
    expect(isRetryableModelError(wrapped)).toBe(true);
  });

  it('stops waiting when the signal fires', async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort();

    // Act
    const attempt = timerSleep(60_000, controller.signal);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('tool input', () => {
  it.each([
    ['an empty input as no arguments', '', { ok: true, input: {} }],
    ['a JSON object', '{"a":1}', { ok: true, input: { a: 1 } }],
  ])('accepts %s', (_, raw, expected) => {
    expect(parseToolInput(raw)).toEqual(expected);
  });

  it.each([
    ['cut-off JSON', '{"a":', /not valid JSON/],
    ['a JSON array', '[1]', /not a JSON object/],
    ['a JSON string', '"a"', /not a JSON object/],
  ])('refuses %s', (_, raw, reason) => {
    const parsed = parseToolInput(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
  });
});
