import {
  apiRequests,
  assertionClaims,
  CLIENT_EMAIL,
  textOf,
} from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { ALICE, useHarness } from './support/harness.js';

describe('list_calendars', () => {
  const harness = useHarness();

  it("lists the requester's calendars, acting as the requester and no one else", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_calendars');

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      calendars: [
        {
          id: ALICE,
          summary: ALICE,
          primary: true,
          access_role: 'owner',
          time_zone: 'Europe/London',
        },
        expect.objectContaining({ summary: 'Company holidays', access_role: 'reader' }),
        expect.objectContaining({ summary: 'Engineering', access_role: 'writer', primary: false }),
      ],
    });
    expect(assertionClaims(harness.google)).toMatchObject({
      iss: CLIENT_EMAIL,
      sub: ALICE,
      scope:
        'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.readonly',
    });
    expect(apiRequests(harness.google)[0]?.path).toBe('/calendar/v3/users/me/calendarList');
  });

  it('pages with next_page_token and page_token', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const first = await connected.call('list_calendars', { max_results: 2 });
    const second = await connected.call('list_calendars', {
      max_results: 2,
      page_token: first.structuredContent?.next_page_token,
    });

    // Assess
    const ids = (result: typeof first) =>
      ((result.structuredContent?.calendars ?? []) as { id: string }[]).map((entry) => entry.id);
    expect(ids(first)).toEqual([ALICE, 'holidays@group.example.com']);
    expect(ids(second)).toEqual(['engineering@group.example.com']);
    expect(second.structuredContent?.next_page_token).toBeUndefined();
    expect(apiRequests(harness.google)[1]?.query).toMatchObject({ maxResults: '2' });
  });

  it('refuses a call that carries no requester, before asking Google', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_calendars', {}, null);

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Google Calendar acts as the person who asks, and this call carries no requester email',
    );
    expect(harness.google.requests).toHaveLength(0);
  });

  it('acts as each requester in turn, with a token of their own', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    await connected.call('list_calendars', {}, ALICE);
    const bob = await connected.call('list_calendars', {}, 'bob@example.com');

    // Assess
    expect(bob.structuredContent?.calendars).toContainEqual(
      expect.objectContaining({ id: 'bob@example.com', primary: true }),
    );
    expect(assertionClaims(harness.google, 1)).toMatchObject({ sub: 'bob@example.com' });
  });

  it("reports Google's refusal of a requester who is not in the domain", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_calendars', {}, 'mallory@elsewhere.org');

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Google refused the service account's token request (HTTP 400): invalid_grant: Invalid email or User ID",
    );
  });
});

describe('freebusy', () => {
  const harness = useHarness();

  it("shows Bob's busy times and says which calendars Google cannot show", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('freebusy', {
      calendar_ids: ['bob@example.com', 'primary', 'ghost@example.com'],
      time_min: '2026-12-01T00:00:00Z',
      time_max: '2026-12-02T00:00:00+00:00',
      timezone: 'Europe/London',
    });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      time_min: '2026-12-01T00:00:00Z',
      time_max: '2026-12-02T00:00:00Z',
      calendars: {
        'bob@example.com': {
          busy: [
            { start: '2026-12-01T10:00:00Z', end: '2026-12-01T10:30:00Z' },
            { start: '2026-12-01T14:00:00Z', end: '2026-12-01T15:00:00Z' },
          ],
        },
        primary: { busy: [{ start: '2026-12-01T10:00:00Z', end: '2026-12-01T10:30:00Z' }] },
        'ghost@example.com': { busy: [], errors: ['notFound'] },
      },
    });
    expect(JSON.parse(apiRequests(harness.google)[0]?.body ?? '{}')).toEqual({
      timeMin: '2026-12-01T00:00:00Z',
      timeMax: '2026-12-02T00:00:00+00:00',
      timeZone: 'Europe/London',
      items: [{ id: 'bob@example.com' }, { id: 'primary' }, { id: 'ghost@example.com' }],
    });
  });

  it.each([
    [{ calendar_ids: [] }, 'calendar_ids required'],
    [{ time_min: '2026-12-01T00:00:00' }, 'time_min and time_max must be ISO8601 with timezone'],
    [{ time_max: 'tomorrow' }, 'time_min and time_max must be ISO8601 with timezone'],
    [{ time_max: '2026-11-30T00:00:00Z' }, 'time_max must be after time_min'],
  ])('validates its input: %j', async (change, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('freebusy', {
      calendar_ids: ['bob@example.com'],
      time_min: '2026-12-01T00:00:00Z',
      time_max: '2026-12-02T00:00:00Z',
      ...change,
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.google.requests).toHaveLength(0);
  });
});
