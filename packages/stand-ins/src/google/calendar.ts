import { randomUUID } from 'node:crypto';
import type { RecordedRequest, StandInReply } from '../http/stand-in-server.js';
import {
  type CalendarState,
  type EventAttendee,
  type EventTime,
  eventIdFor,
  htmlLinkOf,
  instantOf,
  type StoredCalendar,
  stampEvent,
} from './calendar-state.js';
import { googleErrorBody } from './errors.js';

const SCOPE = 'https://www.googleapis.com/auth/';
const READ_SCOPES = [
  `${SCOPE}calendar`,
  `${SCOPE}calendar.readonly`,
  `${SCOPE}calendar.events`,
  `${SCOPE}calendar.events.readonly`,
];
const LIST_SCOPES = [
  `${SCOPE}calendar`,
  `${SCOPE}calendar.readonly`,
  `${SCOPE}calendar.calendarlist.readonly`,
];
const FREEBUSY_SCOPES = [
  `${SCOPE}calendar`,
  `${SCOPE}calendar.readonly`,
  `${SCOPE}calendar.freebusy`,
  `${SCOPE}calendar.events.freebusy`,
];
const WRITE_SCOPES = [`${SCOPE}calendar`, `${SCOPE}calendar.events`];
const BASE = '/calendar/v3';
const MAX_FREEBUSY_CALENDARS = 50;

/** What the Calendar routes need from the Workspace stand-in they are served by. */
export interface CalendarRouteContext {
  /** The active user the bearer token acts for (domain-wide delegation), or the refusal. */
  caller(request: RecordedRequest, anyOf: readonly string[]): string | StandInReply;
  isUser(email: string): boolean;
  readonly state: CalendarState;
  now(): number;
  /** Called after every change, so the sandbox can be kept. */
  changed(): void;
}

const fail = (status: number, message: string, reason: string): StandInReply => ({
  status,
  json: googleErrorBody(status, message, reason),
});
const notFound = () => fail(404, 'Not Found', 'notFound');

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/i;

/** An event time as Google accepts it, or the message it refuses it with. */
function eventTime(value: unknown, which: 'start' | 'end'): EventTime | string {
  const time = record(value);
  if (!time) return `Missing ${which} time.`;
  if (typeof time.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(time.date)) {
    return { date: time.date };
  }
  const dateTime = time.dateTime;
  if (typeof dateTime !== 'string' || Number.isNaN(Date.parse(dateTime))) {
    return `Missing ${which} time.`;
  }
  const zone = typeof time.timeZone === 'string' ? time.timeZone : undefined;
  if (!OFFSET.test(dateTime) && zone === undefined) {
    return `Missing time zone definition for ${which} time.`;
  }
  return { dateTime, ...(zone ? { timeZone: zone } : {}) };
}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pageOf<T>(
  items: readonly T[],
  request: RecordedRequest,
  limit: number,
): { page: T[]; next?: string } | StandInReply {
  const maxResults = Number(request.query.maxResults ?? String(limit));
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    return fail(400, 'Invalid value for: maxResults', 'invalid');
  }
  let offset = 0;
  if (request.query.pageToken !== undefined) {
    const decoded = /^offset:(\d+)$/.exec(
      Buffer.from(request.query.pageToken, 'base64url').toString('utf8'),
    );
    if (!decoded?.[1]) return fail(400, 'Invalid page token value.', 'invalid');
    offset = Number(decoded[1]);
  }
  const size = Math.min(maxResults, limit);
  const end = offset + size;
  return {
    page: items.slice(offset, end),
    ...(end < items.length ? { next: Buffer.from(`offset:${end}`).toString('base64url') } : {}),
  };
}

/**
 * Calendar v3 on the Workspace stand-in: the calendar list, free/busy, and events (insert with
 * Meet links only when `conferenceDataVersion=1`, get, delete with 204 and 410 once gone), in
 * Google's shapes and error envelope. Answers undefined for paths it does not serve.
 */
export function calendarRoute(
  request: RecordedRequest,
  context: CalendarRouteContext,
): StandInReply | undefined {
  if (!request.path.startsWith(`${BASE}/`)) return undefined;
  const path = request.path.slice(BASE.length);
  const { state } = context;

  const calendarOf = (id: string): StoredCalendar | undefined =>
    state.calendars.find((calendar) => calendar.id.toLowerCase() === id.toLowerCase());
  const resolve = (raw: string, caller: string) => {
    const id = decodeURIComponent(raw);
    return id === 'primary' ? caller : id;
  };
  const roleOf = (calendar: StoredCalendar, caller: string) => calendar.members[caller];

  if (path === '/users/me/calendarList' && request.method === 'GET') {
    const caller = context.caller(request, LIST_SCOPES);
    if (typeof caller !== 'string') return caller;
    const visible = state.calendars
      .filter((calendar) => roleOf(calendar, caller) !== undefined)
      .sort((a, b) =>
        a.id === caller ? -1 : b.id === caller ? 1 : a.summary.localeCompare(b.summary),
      );
    const paged = pageOf(visible, request, 250);
    if ('status' in paged) return paged;
    return {
      status: 200,
      json: {
        kind: 'calendar#calendarList',
        etag: `"list-${visible.length}"`,
        ...(paged.next
          ? { nextPageToken: paged.next }
          : { nextSyncToken: 'CPDAlvWDx_sCEPDAlvWDx_sCGAU=' }),
        items: paged.page.map((calendar) => ({
          kind: 'calendar#calendarListEntry',
          etag: `"${calendar.id.length}${calendar.summary.length}"`,
          id: calendar.id,
          summary: calendar.summary,
          ...(calendar.description ? { description: calendar.description } : {}),
          timeZone: calendar.timeZone,
          accessRole: roleOf(calendar, caller),
          ...(calendar.id === caller ? { primary: true } : {}),
          selected: true,
          defaultReminders: [],
          conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
        })),
      },
    };
  }

  if (path === '/freeBusy' && request.method === 'POST') {
    const caller = context.caller(request, FREEBUSY_SCOPES);
    if (typeof caller !== 'string') return caller;
    return freeBusy(request, caller, context, calendarOf);
  }

  const insert = /^\/calendars\/([^/]+)\/events$/.exec(path);
  if (insert?.[1] && request.method === 'POST') {
    const caller = context.caller(request, WRITE_SCOPES);
    if (typeof caller !== 'string') return caller;
    const calendar = calendarOf(resolve(insert[1], caller));
    const role = calendar ? roleOf(calendar, caller) : undefined;
    if (!calendar || role === undefined) return notFound();
    if (role === 'reader') {
      return fail(403, 'You need to have writer access to this calendar.', 'requiredAccessLevel');
    }
    return insertEvent(request, caller, calendar, context);
  }

  const single = /^\/calendars\/([^/]+)\/events\/([^/]+)$/.exec(path);
  if (single?.[1] && single[2] && (request.method === 'GET' || request.method === 'DELETE')) {
    const reading = request.method === 'GET';
    const caller = context.caller(request, reading ? READ_SCOPES : WRITE_SCOPES);
    if (typeof caller !== 'string') return caller;
    const calendar = calendarOf(resolve(single[1], caller));
    const role = calendar ? roleOf(calendar, caller) : undefined;
    if (!calendar || role === undefined) return notFound();
    const eventId = decodeURIComponent(single[2]);
    const event = state.events.find(
      (candidate) =>
        candidate.id === eventId &&
        (candidate.calendarId === calendar.id ||
          candidate.attendees?.some((attendee) => attendee.email === calendar.id)),
    );
    if (!event) return notFound();
    const { calendarId: _stored, ...shown } = event;
    if (reading) return { status: 200, json: shown };
    if (role === 'reader') {
      return fail(403, 'You need to have writer access to this calendar.', 'requiredAccessLevel');
    }
    if (event.status === 'cancelled') return fail(410, 'Resource has been deleted', 'deleted');
    const index = state.events.indexOf(event);
    state.events[index] = stampEvent({
      ...event,
      status: 'cancelled',
      updated: new Date(context.now()).toISOString(),
      sequence: event.sequence + 1,
    });
    context.changed();
    return { status: 204 };
  }
  return fail(404, 'Not Found', 'notFound');
}

function insertEvent(
  request: RecordedRequest,
  caller: string,
  calendar: StoredCalendar,
  context: CalendarRouteContext,
): StandInReply {
  const body = parseObject(request.body);
  if (!body) return fail(400, 'Invalid JSON payload received.', 'parseError');
  const sendUpdates = request.query.sendUpdates;
  if (sendUpdates !== undefined && !['all', 'externalOnly', 'none'].includes(sendUpdates)) {
    return fail(400, `Invalid value for sendUpdates: ${sendUpdates}`, 'invalidParameter');
  }
  const start = eventTime(body.start, 'start');
  if (typeof start === 'string') return fail(400, start, 'required');
  const end = eventTime(body.end, 'end');
  if (typeof end === 'string') return fail(400, end, 'required');
  if (instantOf(end) <= instantOf(start)) {
    return fail(400, 'The specified time range is empty.', 'timeRangeEmpty');
  }
  const attendees: EventAttendee[] = [];
  if (body.attendees !== undefined) {
    if (!Array.isArray(body.attendees)) return fail(400, 'Invalid attendees.', 'invalid');
    for (const entry of body.attendees) {
      const email = record(entry)?.email;
      if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        return fail(400, 'Invalid attendee email.', 'invalid');
      }
      attendees.push({
        email: email.toLowerCase(),
        responseStatus: email.toLowerCase() === caller ? 'accepted' : 'needsAction',
        ...(record(entry)?.optional === true ? { optional: true } : {}),
        ...(email.toLowerCase() === caller ? { organizer: true } : {}),
      });
    }
  }
  const id = eventIdFor(randomUUID());
  const stamp = new Date(context.now()).toISOString();
  // Google ignores conferenceData unless the client says it understands it (version 1).
  const create = record(record(body.conferenceData)?.createRequest);
  const meet =
    request.query.conferenceDataVersion === '1' &&
    record(create?.conferenceSolutionKey)?.type === 'hangoutsMeet';
  if (meet && typeof create?.requestId !== 'string') {
    return fail(400, 'Invalid conference create request.', 'invalid');
  }
  const code = id.slice(0, 3) + '-' + id.slice(3, 7) + '-' + id.slice(7, 10);
  const hangoutLink = `https://meet.google.com/${code}`;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const summary = text(body.summary);
  const description = text(body.description);
  const location = text(body.location);
  const event = stampEvent({
    kind: 'calendar#event',
    etag: '',
    id,
    calendarId: calendar.id,
    status: 'confirmed',
    htmlLink: htmlLinkOf(id, calendar.id),
    created: stamp,
    updated: stamp,
    ...(summary ? { summary } : {}),
    ...(description ? { description } : {}),
    ...(location ? { location } : {}),
    creator: { email: caller },
    organizer: { email: calendar.id },
    start,
    end,
    iCalUID: `${id}@google.com`,
    sequence: 0,
    ...(attendees.length > 0 ? { attendees } : {}),
    ...(meet
      ? {
          hangoutLink,
          conferenceData: {
            createRequest: { ...create, status: { statusCode: 'success' } },
            entryPoints: [
              { entryPointType: 'video', uri: hangoutLink, label: hangoutLink.slice(8) },
            ],
            conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
            conferenceId: code,
          },
        }
      : {}),
    reminders: { useDefault: true },
    eventType: 'default',
  });
  context.state.events.push(event);
  context.changed();
  const { calendarId: _stored, ...shown } = event;
  return { status: 200, json: shown };
}

function freeBusy(
  request: RecordedRequest,
  caller: string,
  context: CalendarRouteContext,
  calendarOf: (id: string) => StoredCalendar | undefined,
): StandInReply {
  const body = parseObject(request.body);
  if (!body) return fail(400, 'Invalid JSON payload received.', 'parseError');
  const { timeMin, timeMax } = body;
  if (typeof timeMin !== 'string' || Number.isNaN(Date.parse(timeMin))) {
    return fail(400, 'Missing timeMin.', 'required');
  }
  if (typeof timeMax !== 'string' || Number.isNaN(Date.parse(timeMax))) {
    return fail(400, 'Missing timeMax.', 'required');
  }
  const from = Date.parse(timeMin);
  const to = Date.parse(timeMax);
  if (to <= from) return fail(400, 'The specified time range is empty.', 'timeRangeEmpty');
  const items = Array.isArray(body.items) ? body.items : [];
  if (items.length > MAX_FREEBUSY_CALENDARS) {
    return fail(400, 'Too many calendars requested.', 'tooManyCalendarsRequested');
  }
  const calendars: Record<string, unknown> = {};
  for (const item of items) {
    const raw = record(item)?.id;
    if (typeof raw !== 'string') continue;
    const id = raw === 'primary' ? caller : raw.toLowerCase();
    const calendar = calendarOf(id);
    // Free/busy is visible across the domain; other calendars only to their members.
    const visible =
      calendar !== undefined && (context.isUser(calendar.id) || calendar.members[caller]);
    if (!visible) {
      calendars[raw] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
      continue;
    }
    const intervals = context.state.events
      .filter(
        (event) =>
          event.status !== 'cancelled' &&
          (event.calendarId === calendar.id ||
            event.attendees?.some(
              (attendee) =>
                attendee.email === calendar.id && attendee.responseStatus !== 'declined',
            )),
      )
      .map((event) => [instantOf(event.start), instantOf(event.end)] as const)
      .filter(([start, end]) => start < to && end > from)
      .map(([start, end]) => [Math.max(start, from), Math.min(end, to)] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const interval of intervals) {
      const last = merged.at(-1);
      if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
      else merged.push([...interval]);
    }
    calendars[raw] = { busy: merged.map(([start, end]) => ({ start: utc(start), end: utc(end) })) };
  }
  return {
    status: 200,
    json: { kind: 'calendar#freeBusy', timeMin: utc(from), timeMax: utc(to), calendars },
  };
}
