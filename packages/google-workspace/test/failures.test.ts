import { describe, expect, it } from 'vitest';
import {
  callGoogle,
  describeFailure,
  GoogleWorkspaceError,
  type RetryPolicy,
} from '../src/index.js';

/** A rejection as gaxios shapes one: the response Google gave. */
function answered(status: number, data: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`Request failed with status code ${status}`), {
    response: { status, data, headers: new Headers(headers) },
  });
}

function envelope(message: string, reason?: string) {
  return { error: { code: 0, message, ...(reason ? { errors: [{ reason }] } : {}) } };
}

describe('describeFailure', () => {
  it.each([
    [404, 'not_found'],
    [409, 'already_exists'],
    [410, 'gone'],
    [401, 'forbidden'],
    [403, 'forbidden'],
    [400, 'rejected'],
    [429, 'rate_limited'],
    [503, 'unavailable'],
  ])('HTTP %i is %s, in Google’s words', (status, code) => {
    // Act
    const failure = describeFailure(answered(status, envelope('Nope')), 1000, 'Google Test API');

    // Assess
    expect(failure.code).toBe(code);
    expect(failure.message).toBe(`Google Test API error (HTTP ${status}): Nope`);
    expect(failure.retryable).toBe(status === 429 || status >= 500);
  });

  it('takes a rate-limit 403 for a rate limit, and honours Retry-After up to 30 s', () => {
    // Act
    const limited = describeFailure(
      answered(403, envelope('Rate Limit Exceeded', 'userRateLimitExceeded'), {
        'retry-after': '120',
      }),
      1000,
      'Google Test API',
    );

    // Assess
    expect(limited).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 30_000 });
  });

  it('reports a token refusal without anything of the request', () => {
    // Prepare
    const refusal = answered(400, { error: 'invalid_grant', error_description: 'Bad subject' });
    Object.assign(refusal, { config: { body: 'assertion=eyJhbGciOi.secret' } });

    // Act
    const failure = describeFailure(refusal, 1000, 'Google Test API');

    // Assess
    expect(failure).toEqual({
      code: 'credentials',
      message:
        "Google refused the service account's token request (HTTP 400): invalid_grant: Bad subject",
      retryable: false,
    });
  });

  it('tells a timeout from a refused connection from an unknown fault', () => {
    // Prepare
    const timeout = new Error('aborted', { cause: { name: 'TimeoutError' } });
    const refused = new Error('fetch failed', { cause: { code: 'ECONNREFUSED' } });

    // Act
    const outcomes = [timeout, refused, new Error('odd')].map((error) =>
      describeFailure(error, 250, 'Google Test API'),
    );

    // Assess
    expect(outcomes).toEqual([
      { code: 'timeout', message: 'Google did not answer within 250 ms', retryable: true },
      {
        code: 'unavailable',
        message: 'Google could not be reached (ECONNREFUSED)',
        retryable: true,
      },
      { code: 'unavailable', message: 'Google could not be reached', retryable: false },
    ]);
  });
});

describe('callGoogle', () => {
  function policy(sleeps: number[], maxRetries = 2): RetryPolicy {
    return {
      api: 'Google Test API',
      timeoutMs: 1000,
      maxRetries,
      backoffMs: 100,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    };
  }

  it('retries passing faults with doubling backoff, and turns the library’s retries off', async () => {
    // Prepare
    const sleeps: number[] = [];
    const seen: unknown[] = [];
    let calls = 0;

    // Act
    const data = await callGoogle(policy(sleeps), true, async (options) => {
      seen.push(options);
      calls += 1;
      if (calls < 3) throw answered(503, envelope('Backend Error'));
      return { data: 'done' };
    });

    // Assess
    expect(data).toBe('done');
    expect(sleeps).toEqual([100, 200]);
    expect(seen).toEqual([
      { timeout: 1000, retry: false },
      { timeout: 1000, retry: false },
      { timeout: 1000, retry: false },
    ]);
  });

  it('does not repeat a write that may have happened, but does one that was refused', async () => {
    // Prepare
    const sleeps: number[] = [];
    const faults = [
      answered(500, envelope('Backend Error')),
      answered(429, envelope('Slow down'), { 'retry-after': '2' }),
    ];
    let calls = 0;
    const send = async () => {
      const fault = faults.shift();
      calls += 1;
      if (fault) throw fault;
      return { data: calls };
    };

    // Act
    const failed = await callGoogle(policy(sleeps), false, send).catch((error: unknown) => error);
    const retried = await callGoogle(policy(sleeps), false, send);

    // Assess
    expect(failed).toBeInstanceOf(GoogleWorkspaceError);
    expect(failed).toMatchObject({
      code: 'unavailable',
      message: 'Google Test API error (HTTP 500): Backend Error',
    });
    expect(retried).toBe(3);
    expect(sleeps).toEqual([2000]);
  });

  it('gives up after the configured retries, saying how many attempts were made', async () => {
    // Act
    const failure = await callGoogle(policy([], 1), true, async () => {
      throw answered(502, envelope('Bad Gateway'));
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      code: 'unavailable',
      message: 'Google Test API error (HTTP 502): Bad Gateway (after 2 attempts)',
    });
  });
});
