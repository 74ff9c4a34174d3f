// The "is it configured?" check is exported by `./configured` alone: re-exported here, it would
// be in both the start code and this package's on-demand chunk, so esbuild would give it a
// chunk of its own, loaded at start.
export type {
  CalendarApi,
  CalendarEvent,
  CalendarListEntry,
  CalendarPage,
  FreeBusyQuery,
  FreeBusyResponse,
  InsertOptions,
} from './calendar-api.js';
export { composeGoogleCalendarServer, type GoogleCalendarEdges } from './compose.js';
export {
  DEFAULT_CALENDAR_ROOT_URL,
  type GoogleCalendarConfig,
  parseAllowedDomains,
  parseGoogleCalendarConfig,
} from './config.js';
export { CALENDAR_SCOPES, GoogleCalendar, type GoogleCalendarOptions } from './google-calendar.js';
export { isZonedDateTime } from './schemas.js';
export {
  buildServer,
  GOOGLE_CALENDAR_SERVER_NAME,
  GOOGLE_CALENDAR_SERVER_VERSION,
  type GoogleCalendarServerDeps,
} from './server.js';
