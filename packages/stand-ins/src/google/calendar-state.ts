import { createHash } from 'node:crypto';

/** A calendar as the stand-in keeps it; who sees it in their calendar list is `members`. */
export interface StoredCalendar {
  id: string;
  summary: string;
  description?: string;
  timeZone: string;
  /** Emails of the users who have it in their calendar list, with their access role. */
  members: Record<string, 'owner' | 'writer' | 'reader'>;
}

export interface EventTime {
  dateTime?: string;
  date?: string;
  timeZone?: string;
}

export interface EventAttendee {
  email: string;
  responseStatus: 'needsAction' | 'accepted' | 'declined' | 'tentative';
  optional?: boolean;
  organizer?: boolean;
}

/** An event as Calendar v3 returns it (the subset the stand-in keeps). */
export interface StoredEvent {
  kind: 'calendar#event';
  etag: string;
  id: string;
  calendarId: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  creator: { email: string };
  organizer: { email: string };
  start: EventTime;
  end: EventTime;
  iCalUID: string;
  sequence: number;
  attendees?: EventAttendee[];
  hangoutLink?: string;
  conferenceData?: Record<string, unknown>;
  reminders: { useDefault: boolean };
  eventType: 'default';
}

/** The sandbox company's calendars and events. */
export interface CalendarState {
  calendars: StoredCalendar[];
  events: StoredEvent[];
}

export const SANDBOX_TIME_ZONE = 'Europe/London';

/** Every user's primary calendar, the Engineering team's, and the company holidays. */
export function seedCalendarState(emails: readonly string[], domain: string): CalendarState {
  const everyone = (role: 'reader' | 'writer') =>
    Object.fromEntries(emails.map((email) => [email, role])) as StoredCalendar['members'];
  const calendars: StoredCalendar[] = [
    ...emails.map((email) => ({
      id: email,
      summary: email,
      timeZone: SANDBOX_TIME_ZONE,
      members: { [email]: 'owner' as const },
    })),
    {
      id: `engineering@group.${domain}`,
      summary: 'Engineering',
      description: 'Releases, on-call and team events',
      timeZone: SANDBOX_TIME_ZONE,
      members: everyone('writer'),
    },
    {
      id: `holidays@group.${domain}`,
      summary: 'Company holidays',
      timeZone: SANDBOX_TIME_ZONE,
      members: everyone('reader'),
    },
  ];
  const bob = `bob@${domain}`;
  const alice = `alice@${domain}`;
  const events: StoredEvent[] = emails.includes(bob)
    ? [
        seededEvent(bob, 'Weekly 1:1', '2026-12-01T10:00:00Z', '2026-12-01T10:30:00Z', [alice]),
        seededEvent(bob, 'Dentist', '2026-12-01T14:00:00Z', '2026-12-01T15:00:00Z', []),
      ]
    : [];
  return { calendars, events };
}

function seededEvent(
  organizer: string,
  summary: string,
  start: string,
  end: string,
  attendees: readonly string[],
): StoredEvent {
  const id = eventIdFor(`${organizer}|${summary}|${start}`);
  return stampEvent({
    kind: 'calendar#event',
    etag: '',
    id,
    calendarId: organizer,
    status: 'confirmed',
    htmlLink: htmlLinkOf(id, organizer),
    created: '2026-11-01T09:00:00.000Z',
    updated: '2026-11-01T09:00:00.000Z',
    summary,
    creator: { email: organizer },
    organizer: { email: organizer },
    start: { dateTime: start },
    end: { dateTime: end },
    iCalUID: `${id}@google.com`,
    sequence: 0,
    ...(attendees.length === 0
      ? {}
      : {
          attendees: [
            { email: organizer, responseStatus: 'accepted' as const, organizer: true },
            ...attendees.map((email) => ({ email, responseStatus: 'accepted' as const })),
          ],
        }),
    reminders: { useDefault: true },
    eventType: 'default',
  });
}

/** Calendar event ids use base32hex (a-v, 0-9), 5 to 1024 characters. */
export function eventIdFor(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...digest.subarray(0, 26)].map((byte) => alphabet[byte % 32]).join('');
}

export function htmlLinkOf(eventId: string, calendarId: string): string {
  const eid = Buffer.from(`${eventId} ${calendarId}`).toString('base64url');
  return `https://www.google.com/calendar/event?eid=${eid}`;
}

/** The event with its etag recomputed from its content, as Google changes it on every write. */
export function stampEvent(event: StoredEvent): StoredEvent {
  const { etag: _old, ...rest } = event;
  const digest = createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
  return { ...rest, etag: `"${BigInt(`0x${digest}`).toString()}"` };
}

/** The milliseconds an event time stands for (an all-day date starts at midnight UTC). */
export function instantOf(time: EventTime): number {
  return Date.parse(time.dateTime ?? `${time.date ?? ''}T00:00:00Z`);
}
