import { requesterEmail as requesterOf } from '@agentcore/google-workspace';
import type { CalendarApi, CalendarEvent } from '../calendar-api.js';

export { CREATING_WRITE, DESTRUCTIVE_WRITE, READ_ONLY } from '@agentcore/google-workspace';

/** What every tool is given: the Calendar API and the attendee domains allowed. */
export interface ToolDeps {
  readonly calendar: CalendarApi;
  /** Lower-cased domains attendees may belong to; empty allows any. */
  readonly allowedDomains: readonly string[];
}

/** Whose calendar the call acts on: the requester in the call's `_meta`, never a tool argument. */
export function requesterEmail(meta: unknown): string {
  return requesterOf(meta, 'Google Calendar');
}

function timeOf(time: CalendarEvent['start']): string {
  return time?.dateTime ?? time?.date ?? '';
}

/** An event as the tools report it. */
export function eventView(event: CalendarEvent) {
  const meet =
    event.hangoutLink ??
    event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video')?.uri;
  return {
    id: event.id ?? '',
    status: event.status ?? 'confirmed',
    summary: event.summary ?? '(no title)',
    ...(event.description ? { description: event.description } : {}),
    ...(event.location ? { location: event.location } : {}),
    start: timeOf(event.start),
    end: timeOf(event.end),
    organizer: event.organizer?.email ?? '',
    attendees: (event.attendees ?? []).map((attendee) => ({
      email: attendee.email ?? '',
      response_status: attendee.responseStatus ?? 'needsAction',
    })),
    html_link: event.htmlLink ?? '',
    ...(meet ? { meet_link: meet } : {}),
  };
}
