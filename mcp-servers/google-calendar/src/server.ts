import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerCreateEvent } from './tools/create-event.js';
import { registerDeleteEvent } from './tools/delete-event.js';
import { registerFreeBusy } from './tools/freebusy.js';
import { registerGetEvent } from './tools/get-event.js';
import { registerListCalendars } from './tools/list-calendars.js';
import type { ToolDeps } from './tools/shared.js';

export const GOOGLE_CALENDAR_SERVER_NAME = 'google_calendar';
export const GOOGLE_CALENDAR_SERVER_VERSION = '0.1.0';

export type GoogleCalendarServerDeps = ToolDeps;

/**
 * The Google Calendar MCP server: calendars, free/busy and events (create, get, delete), each
 * call made as the person who asked.
 */
export function buildServer(deps: GoogleCalendarServerDeps): McpServer {
  const server = new McpServer({
    name: GOOGLE_CALENDAR_SERVER_NAME,
    version: GOOGLE_CALENDAR_SERVER_VERSION,
  });
  registerListCalendars(server, deps);
  registerFreeBusy(server, deps);
  registerCreateEvent(server, deps);
  registerGetEvent(server, deps);
  registerDeleteEvent(server, deps);
  return server;
}
