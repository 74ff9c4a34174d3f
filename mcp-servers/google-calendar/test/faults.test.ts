import { apiRequests, serviceAccountKey, textOf } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

const WINDOW = {
  calendar_ids: ['bob@example.com'],
  time_min: '2026-12-01T00:00:00Z',
  time_max: '2026-12-02T00:00:00Z',
};

describe('faults and secrets', () => {
  const harness = useHarness();

  it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
    // Prepare
    const connected = await harness.connect();
    await connected.call('list_calendars');
    harness.reset();
    harness.google.failNext(1, { status: 429, retryAfter: 3 });

    // Act
    const result = await connected.call('freebusy', WINDOW);

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.google.requests).toHaveLength(2);
    expect(harness.sleeps).toEqual([3000]);
  });

  it('retries 5xx with backoff and gives up with Google’s message', async () => {
    // Prepare
    const connected = await harness.connect({ GOOGLE_HTTP_MAX_RETRIES: '2' });
    await connected.call('list_calendars');
    harness.reset();
    harness.google.failNext(3, { status: 503 });

    // Act
    const result = await connected.call('list_calendars');

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Google Calendar API error (HTTP 503): The service is currently unavailable. (after 3 attempts)',
    );
    expect(harness.sleeps).toEqual([500, 1000]);
  });

  it('does not repeat a create after a 5xx (it may have happened), but does after a 429', async () => {
    // Prepare
    const connected = await harness.connect();
    await connected.call('list_calendars');
    const meeting = {
      summary: 'Sync',
      start: '2026-12-03T10:00:00Z',
      end: '2026-12-03T10:30:00Z',
    };
    harness.reset();
    harness.google.failNext(1, { status: 500 });

    // Act
    const failed = await connected.call('create_event', meeting);
    harness.google.failNext(1, { status: 429 });
    const retried = await connected.call('create_event', meeting);

    // Assess
    expect(failed.isError).toBe(true);
    expect(retried.isError).toBeFalsy();
    expect(apiRequests(harness.google)).toHaveLength(3);
    expect(harness.sleeps).toEqual([500]);
  });

  it('times out a call that never answers', async () => {
    // Prepare
    const connected = await harness.connect({
      GOOGLE_HTTP_TIMEOUT_MS: '150',
      GOOGLE_HTTP_MAX_RETRIES: '0',
    });
    await connected.call('list_calendars');
    harness.google.failNext(1, { hang: true });

    // Act
    const result = await connected.call('list_calendars');

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Google did not answer within 150 ms');
  });

  it('never puts the access token or the key in a result, whatever happens', async () => {
    // Prepare
    const connected = await harness.connect();
    const stranger = serviceAccountKey('stranger@sandbox-project.iam.gserviceaccount.com');
    const unknown = await harness.connect({ GOOGLE_SERVICE_ACCOUNT_KEY: stranger.json });

    // Act
    const results = [
      await connected.call('list_calendars'),
      await connected.call('freebusy', WINDOW),
      await connected.call('create_event', {
        summary: 'Sync',
        start: '2026-12-03T10:00:00Z',
        end: '2026-12-03T10:30:00Z',
        add_meet_link: true,
      }),
      await connected.call('get_event', { calendar_id: 'primary', event_id: 'missing00' }),
      await unknown.call('list_calendars'),
    ];

    // Assess
    const tokens = harness.google.requests
      .map((request) => request.headers.authorization?.replace(/^Bearer /, ''))
      .filter((token): token is string => token !== undefined);
    expect(tokens.length).toBeGreaterThan(0);
    const text = JSON.stringify(results);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toContain('ya29.');
    for (const pem of [harness.key.pem, stranger.pem]) {
      expect(text).not.toContain(pem.split('\n')[1] ?? '');
    }
    expect(textOf(results[4] ?? { content: [] })).toBe(
      "Google refused the service account's token request (HTTP 401): invalid_client: The OAuth client was not found.",
    );
  });
});
