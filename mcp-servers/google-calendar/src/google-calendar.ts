import { type GoogleApiOptions, ImpersonatedApi } from '@agentcore/google-workspace';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import type {
  CalendarApi,
  CalendarEvent,
  CalendarPage,
  FreeBusyQuery,
  FreeBusyResponse,
  InsertOptions,
} from './calendar-api.js';

/** Events written, calendars and free/busy read: nothing more. */
export const CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.readonly',
] as const;

export type GoogleCalendarOptions = GoogleApiOptions;

/**
 * Calendar v3 through `@googleapis/calendar`, as the user who asked: a service account with
 * domain-wide delegation whose JWT `subject` is that user, one client per user. Each call has a
 * timeout and bounded retries of its own (`ImpersonatedApi`).
 */
export class GoogleCalendar implements CalendarApi {
  private readonly google: ImpersonatedApi<calendar_v3.Calendar>;

  constructor(options: GoogleCalendarOptions) {
    this.google = new ImpersonatedApi('Google Calendar API', {
      ...options,
      scopes: CALENDAR_SCOPES,
      build: (auth, rootUrl) => calendar({ version: 'v3', auth, rootUrl }),
    });
  }

  async listCalendars(
    user: string,
    params: { readonly maxResults: number; readonly pageToken?: string },
  ): Promise<CalendarPage> {
    const data = await this.google.call(user, true, (api, call) =>
      api.calendarList.list(
        {
          maxResults: params.maxResults,
          ...(params.pageToken === undefined ? {} : { pageToken: params.pageToken }),
        },
        call,
      ),
    );
    return { calendars: data.items ?? [], nextPageToken: data.nextPageToken ?? undefined };
  }

  async freeBusy(user: string, query: FreeBusyQuery): Promise<FreeBusyResponse> {
    // A query changes nothing, so repeating it after a fault is safe although it is a POST.
    return this.google.call(user, true, (api, call) =>
      api.freebusy.query(
        {
          requestBody: {
            timeMin: query.timeMin,
            timeMax: query.timeMax,
            ...(query.timeZone === undefined ? {} : { timeZone: query.timeZone }),
            items: query.calendarIds.map((id) => ({ id })),
          },
        },
        call,
      ),
    );
  }

  async insertEvent(
    user: string,
    calendarId: string,
    event: CalendarEvent,
    options: InsertOptions,
  ): Promise<CalendarEvent> {
    return this.google.call(user, false, (api, call) =>
      api.events.insert(
        {
          calendarId,
          sendUpdates: options.sendUpdates,
          ...(options.withConferenceData ? { conferenceDataVersion: 1 } : {}),
          requestBody: event,
        },
        call,
      ),
    );
  }

  async getEvent(user: string, calendarId: string, eventId: string): Promise<CalendarEvent> {
    return this.google.call(user, true, (api, call) =>
      api.events.get({ calendarId, eventId }, call),
    );
  }

  async deleteEvent(user: string, calendarId: string, eventId: string): Promise<void> {
    await this.google.call(user, true, (api, call) =>
      api.events.delete({ calendarId, eventId, sendUpdates: 'all' }, call),
    );
  }
}
