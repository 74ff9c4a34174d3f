import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  GoogleAdminError,
  type ServiceAccountKeyProvider,
} from '@agentcore/mcp-server-google-admin';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { JWT } from 'google-auth-library';
import type {
  CalendarApi,
  CalendarEvent,
  CalendarPage,
  FreeBusyQuery,
  FreeBusyResponse,
  InsertOptions,
} from './calendar-api.js';
import { GOOGLE_TOKEN_URL } from './config.js';
import { GoogleCalendarError } from './errors.js';
import { callGoogle, type RetryPolicy } from './google-call.js';

/** Events written, calendars and free/busy read: nothing more. */
export const CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.readonly',
] as const;

/** How many impersonated users' clients (and their cached tokens) are kept at once. */
const CLIENTS_KEPT = 50;

export interface GoogleCalendarOptions {
  readonly key: ServiceAccountKeyProvider;
  readonly rootUrl: string;
  /** Where token requests go; Google's token URL unless a stand-in takes its place. */
  readonly tokenUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** First retry delay, doubled on each further retry; default 500 ms. */
  readonly backoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/**
 * Calendar v3 through `@googleapis/calendar`, as the user who asked: a service account with
 * domain-wide delegation whose JWT `subject` is that user. One client per user, so each keeps
 * its own token; the library's retries are off so that attempts are counted in one place.
 */
export class GoogleCalendar implements CalendarApi {
  private readonly clients = new Map<string, Promise<calendar_v3.Calendar>>();
  private readonly policy: RetryPolicy;

  constructor(private readonly options: GoogleCalendarOptions) {
    this.policy = {
      api: 'Google Calendar API',
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      backoffMs: options.backoffMs ?? 500,
      sleep: options.sleep ?? ((ms) => sleepFor(ms)),
    };
  }

  async listCalendars(
    user: string,
    params: { readonly maxResults: number; readonly pageToken?: string },
  ): Promise<CalendarPage> {
    const api = await this.client(user);
    const data = await callGoogle(this.policy, true, (call) =>
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
    const api = await this.client(user);
    // A query changes nothing, so repeating it after a fault is safe although it is a POST.
    return callGoogle(this.policy, true, (call) =>
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
    const api = await this.client(user);
    return callGoogle(this.policy, false, (call) =>
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
    const api = await this.client(user);
    return callGoogle(this.policy, true, (call) => api.events.get({ calendarId, eventId }, call));
  }

  async deleteEvent(user: string, calendarId: string, eventId: string): Promise<void> {
    const api = await this.client(user);
    await callGoogle(this.policy, true, (call) =>
      api.events.delete({ calendarId, eventId, sendUpdates: 'all' }, call),
    );
  }

  private client(user: string): Promise<calendar_v3.Calendar> {
    const known = this.clients.get(user);
    if (known) {
      // Most recently used last, so the oldest is the one dropped.
      this.clients.delete(user);
      this.clients.set(user, known);
      return known;
    }
    const created = this.createClient(user);
    this.clients.set(user, created);
    if (this.clients.size > CLIENTS_KEPT) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
    // A key that could not be read is read again on the next call.
    created.catch(() => {
      if (this.clients.get(user) === created) this.clients.delete(user);
    });
    return created;
  }

  private async createClient(user: string): Promise<calendar_v3.Calendar> {
    let key: Awaited<ReturnType<ServiceAccountKeyProvider>>;
    try {
      key = await this.options.key();
    } catch (error) {
      if (error instanceof GoogleAdminError) {
        throw new GoogleCalendarError('credentials', error.message);
      }
      throw error;
    }
    const baseFetch = this.options.fetch ?? fetch;
    const tokenUrl = this.options.tokenUrl;
    const auth = new JWT({
      email: key.clientEmail,
      key: key.privateKey,
      ...(key.privateKeyId === undefined ? {} : { keyId: key.privateKeyId }),
      scopes: [...CALENDAR_SCOPES],
      subject: user,
      transporterOptions: {
        timeout: this.options.timeoutMs,
        // google-auth-library always posts to Google's token URL; a stand-in takes its place here.
        fetchImplementation: (input, init) =>
          baseFetch(String(input) === GOOGLE_TOKEN_URL ? tokenUrl : input, init),
      },
    });
    return calendar({ version: 'v3', auth, rootUrl: this.options.rootUrl });
  }
}
