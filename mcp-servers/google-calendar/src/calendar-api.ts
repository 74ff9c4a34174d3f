import type { calendar_v3 } from '@googleapis/calendar';

export type CalendarEvent = calendar_v3.Schema$Event;
export type CalendarListEntry = calendar_v3.Schema$CalendarListEntry;
export type FreeBusyResponse = calendar_v3.Schema$FreeBusyResponse;

export interface CalendarPage {
  readonly calendars: readonly CalendarListEntry[];
  readonly nextPageToken: string | undefined;
}

export interface FreeBusyQuery {
  readonly timeMin: string;
  readonly timeMax: string;
  readonly timeZone?: string;
  readonly calendarIds: readonly string[];
}

export interface InsertOptions {
  /** Sent as `conferenceDataVersion=1`: without it Google drops `conferenceData` (no Meet link). */
  readonly withConferenceData: boolean;
  readonly sendUpdates: 'all' | 'externalOnly' | 'none';
}

/**
 * The Calendar v3 calls the tools make, each as `user` (the service account impersonates them):
 * the port; `GoogleCalendar` is the adapter. Every method rejects with a GoogleWorkspaceError
 * carrying Google's message.
 */
export interface CalendarApi {
  listCalendars(
    user: string,
    params: { readonly maxResults: number; readonly pageToken?: string },
  ): Promise<CalendarPage>;
  freeBusy(user: string, query: FreeBusyQuery): Promise<FreeBusyResponse>;
  insertEvent(
    user: string,
    calendarId: string,
    event: CalendarEvent,
    options: InsertOptions,
  ): Promise<CalendarEvent>;
  getEvent(user: string, calendarId: string, eventId: string): Promise<CalendarEvent>;
  deleteEvent(user: string, calendarId: string, eventId: string): Promise<void>;
}
