import { apiRequests, serviceAccountKey, textOf } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

describe('faults and refusals', () => {
  const harness = useHarness();

  it('retries 5xx with backoff and succeeds', async () => {
    // Prepare
    const connected = await harness.connect();
    await connected.call('get_user', { user_key: 'bob@example.com' });
    harness.reset();
    harness.google.failNext(2, { status: 503 });

    // Act
    const result = await connected.call('get_user', { user_key: 'bob@example.com' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.google.requests).toHaveLength(3);
    expect(harness.sleeps).toEqual([500, 1000]);
  });

  it('waits out a 429 for as long as Retry-After says, as the other Google servers do', async () => {
    // Prepare
    const connected = await harness.connect();
    await connected.call('get_user', { user_key: 'bob@example.com' });
    harness.reset();
    harness.google.failNext(1, { status: 429, retryAfter: 3 });

    // Act
    const result = await connected.call('get_user', { user_key: 'bob@example.com' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.google.requests).toHaveLength(2);
    expect(harness.sleeps).toEqual([3000]);
  });

  it("gives up after the configured retries with Google's message", async () => {
    // Prepare
    const connected = await harness.connect({ env: { GOOGLE_HTTP_MAX_RETRIES: '1' } });
    await connected.call('get_user', { user_key: 'bob@example.com' });
    harness.reset();
    harness.google.failNext(5, { status: 500 });

    // Act
    const result = await connected.call('suspend_user', { user_key: 'bob@example.com' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Google Admin API error (HTTP 500): Internal error encountered. (after 2 attempts)',
    );
    expect(harness.google.requests).toHaveLength(2);
  });

  it('retries a rate-limit 403, which the Google client library would not', async () => {
    // Prepare
    const connected = await harness.connect();
    await connected.call('get_user', { user_key: 'bob@example.com' });
    harness.reset();
    harness.google.failNext(1, {
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'Rate Limit Exceeded',
          errors: [
            {
              message: 'Rate Limit Exceeded',
              domain: 'usageLimits',
              reason: 'userRateLimitExceeded',
            },
          ],
          status: 'PERMISSION_DENIED',
        },
      },
    });

    // Act
    const result = await connected.call('reset_2fa', { email: 'bob@example.com' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.sleeps).toEqual([500]);
    expect(harness.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
  });

  it('times out a call that never answers', async () => {
    // Prepare
    const connected = await harness.connect({
      env: { GOOGLE_HTTP_TIMEOUT_MS: '150', GOOGLE_HTTP_MAX_RETRIES: '0' },
    });
    await connected.call('get_user', { user_key: 'bob@example.com' });
    harness.google.failNext(1, { hang: true });

    // Act
    const result = await connected.call('get_user', { user_key: 'bob@example.com' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Google did not answer within 150 ms');
  });

  it('reports a service account Google does not know, and never the key', async () => {
    // Prepare
    const stranger = serviceAccountKey('stranger@sandbox-project.iam.gserviceaccount.com');
    const connected = await harness.connect({ env: { GOOGLE_SERVICE_ACCOUNT_KEY: stranger.json } });

    // Act
    const result = await connected.call('get_user', { user_key: 'bob@example.com' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Google refused the service account's token request (HTTP 401): invalid_client: The OAuth client was not found.",
    );
    const keyBody = stranger.pem.split('\n')[1] ?? '';
    expect(JSON.stringify(result)).not.toContain(keyBody);
    expect(apiRequests(harness.google)).toHaveLength(0);
  });

  it('reports an admin subject that is not a user', async () => {
    // Prepare
    const connected = await harness.connect({ env: { GOOGLE_ADMIN_SUBJECT: 'ghost@example.com' } });

    // Act
    const result = await connected.call('list_users');

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Google refused the service account's token request (HTTP 400): invalid_grant: Invalid email or User ID",
    );
  });

  it('reports a subject without admin rights as Google does', async () => {
    // Prepare
    const connected = await harness.connect({ env: { GOOGLE_ADMIN_SUBJECT: 'dave@example.com' } });

    // Act
    const result = await connected.call('reset_2fa', { email: 'bob@example.com' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Google Admin API error (HTTP 403): Not Authorized to access this resource/api',
    );
    expect(harness.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(true);
  });

  it('reports a key that is not a key without showing it', async () => {
    // Prepare
    const secretish = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-not-really';
    const connected = await harness.connect({
      env: { GOOGLE_SERVICE_ACCOUNT_KEY: JSON.stringify({ private_key: secretish }) },
    });

    // Act
    const result = await connected.call('get_user', { user_key: 'bob@example.com' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'The service-account key in GOOGLE_SERVICE_ACCOUNT_KEY needs client_email and a PEM private_key',
    );
    expect(JSON.stringify(result)).not.toContain(secretish);
    expect(harness.google.requests).toHaveLength(0);
  });
});
