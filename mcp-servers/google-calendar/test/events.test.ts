import { apiRequests, textOf } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { ALICE, useHarness } from './support/harness.js';

const MEETING = {
  summary: 'Quarterly planning',
  start: '2026-12-03T10:00:00+00:00',
  end: '2026-12-03T10:30:00+00:00',
  attendees: [{ email: 'bob@example.com' }],
};

describe('create_event', () => {
  const harness = useHarness();

  it("books the meeting in the requester's calendar and invites the attendees", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_event', MEETING);

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      message: 'Event created',
      calendar_id: 'primary',
      event: {
        status: 'confirmed',
        summary: 'Quarterly planning',
        start: '2026-12-03T10:00:00+00:00',
        end: '2026-12-03T10:30:00+00:00',
        organizer: ALICE,
        attendees: [{ email: 'bob@example.com', response_status: 'needsAction' }],
      },
    });
    expect(result.structuredContent?.event).not.toHaveProperty('meet_link');
    const insert = apiRequests(harness.google)[0];
    expect(insert?.path).toBe('/calendar/v3/calendars/primary/events');
    expect(insert?.query).toEqual({ sendUpdates: 'all' });
    const stored = harness.google.calendar.events.at(-1);
    expect(stored).toMatchObject({ calendarId: ALICE, summary: 'Quarterly planning' });
  });

  it('asks for a Meet link with conferenceDataVersion=1, without which Google drops it', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_event', { ...MEETING, add_meet_link: true });

    // Assess
    const insert = apiRequests(harness.google)[0];
    expect(insert?.query).toMatchObject({ conferenceDataVersion: '1' });
    expect(JSON.parse(insert?.body ?? '{}').conferenceData).toEqual({
      createRequest: {
        requestId: expect.any(String),
        conferenceSolutionKey: { type: 'hangoutsMeet' },
      },
    });
    expect(result.structuredContent).toMatchObject({
      event: {
        meet_link: expect.stringMatching(
          /^https:\/\/meet\.google\.com\/[a-v0-9]{3}-[a-v0-9]{4}-[a-v0-9]{3}$/,
        ),
      },
    });
  });

  it('puts a Zoom link in the location, or after the description when there is a location', async () => {
    // Prepare
    const connected = await harness.connect();
    const zoom = 'https://zoom.us/j/123456789';

    // Act
    await connected.call('create_event', { ...MEETING, zoom_url: zoom });
    await connected.call('create_event', {
      ...MEETING,
      location: 'Room 4',
      description: 'Agenda',
      zoom_url: zoom,
    });

    // Assess
    const [first, second] = apiRequests(harness.google).map((request) => JSON.parse(request.body));
    expect(first).toMatchObject({ location: zoom, description: '' });
    expect(second).toMatchObject({ location: 'Room 4', description: `Agenda\n\nJoin: ${zoom}` });
  });

  it.each([
    [{ attendees: [{ email: 'bob' }] }, 'attendee email invalid'],
    [{ attendees: [{ email: 'eve@evil.example' }] }, 'attendee domain not allowed: evil.example'],
    [{ start: '2026-12-03T10:00:00' }, 'start and end must be ISO8601 with timezone'],
    [{ end: 'half past ten' }, 'start and end must be ISO8601 with timezone'],
    [{ end: '2026-12-03T09:00:00Z' }, 'end must be after start'],
    [{ summary: '' }, 'summary must not be empty'],
  ])('validates its input: %j', async (change, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_event', { ...MEETING, ...change });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.google.requests).toHaveLength(0);
  });

  it('accepts attendees of any allowed domain, and any domain when none is configured', async () => {
    // Prepare
    const strict = await harness.connect();
    const open = await harness.connect({ GOOGLE_CALENDAR_ALLOWED_DOMAINS: '' });
    const partner = { ...MEETING, attendees: [{ email: 'pat@PARTNER.org' }] };
    const stranger = { ...MEETING, attendees: [{ email: 'sam@elsewhere.net' }] };

    // Act
    const allowed = await strict.call('create_event', partner);
    const anywhere = await open.call('create_event', stranger);

    // Assess
    expect(allowed.isError).toBeFalsy();
    expect(anywhere.isError).toBeFalsy();
  });

  it("reports Google's refusal to write to a calendar the requester can only read", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_event', {
      ...MEETING,
      calendar_id: 'holidays@group.example.com',
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Google Calendar API error (HTTP 403): You need to have writer access to this calendar.',
    );
  });
});

describe('get_event and delete_event', () => {
  const harness = useHarness();

  it('shows an event, deletes it with a 204, and says so when it is already gone', async () => {
    // Prepare
    const connected = await harness.connect();
    const created = await connected.call('create_event', MEETING);
    const eventId = String((created.structuredContent?.event as { id?: string } | undefined)?.id);

    // Act
    const shown = await connected.call('get_event', { calendar_id: 'primary', event_id: eventId });
    const deleted = await connected.call('delete_event', {
      calendar_id: 'primary',
      event_id: eventId,
    });
    const again = await connected.call('delete_event', {
      calendar_id: 'primary',
      event_id: eventId,
    });
    const afterwards = await connected.call('get_event', {
      calendar_id: ALICE,
      event_id: eventId,
    });

    // Assess
    expect(shown.structuredContent).toMatchObject({ id: eventId, summary: 'Quarterly planning' });
    expect(deleted.structuredContent).toEqual({
      status: 'deleted',
      calendar_id: 'primary',
      event_id: eventId,
    });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toBe('Google Calendar API error (HTTP 410): Resource has been deleted');
    expect(afterwards.structuredContent).toMatchObject({ id: eventId, status: 'cancelled' });
    const deletes = apiRequests(harness.google).filter((request) => request.method === 'DELETE');
    expect(deletes[0]?.query).toEqual({ sendUpdates: 'all' });
  });

  it('answers an unknown event with Google’s 404', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_event', {
      calendar_id: 'primary',
      event_id: 'nosuchevent00',
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Google Calendar API error (HTTP 404): Not Found');
  });

  it("cannot reach another person's calendar: Google answers 404, nothing is deleted", async () => {
    // Prepare
    const connected = await harness.connect();
    const bobsEvent = harness.google.calendar.events.find((event) => event.summary === 'Dentist');

    // Act
    const result = await connected.call('delete_event', {
      calendar_id: 'bob@example.com',
      event_id: bobsEvent?.id,
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Google Calendar API error (HTTP 404): Not Found');
    expect(harness.google.calendar.events.find((event) => event.id === bobsEvent?.id)?.status).toBe(
      'confirmed',
    );
  });

  it.each([
    ['get_event', { calendar_id: 'primary' }, 'event_id is required'],
    ['delete_event', { calendar_id: '', event_id: 'abc' }, 'calendar_id must not be empty'],
  ])('%s validates its input: %j', async (tool, args, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call(tool, args);

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.google.requests).toHaveLength(0);
  });
});
