import { type GoogleApiEdges, googleApiOptions } from '@agentcore/google-workspace';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseGoogleCalendarConfig } from './config.js';
import { GoogleCalendar } from './google-calendar.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export type GoogleCalendarEdges = GoogleApiEdges;

/** Builds the Google Calendar server from an environment record (the only place it is read). */
export function composeGoogleCalendarServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: GoogleCalendarEdges = {},
): McpServer {
  const config = parseGoogleCalendarConfig(env);
  const calendar = new GoogleCalendar(
    googleApiOptions(config, (options) => new SecretsManagerSecretSource(options), edges),
  );
  return buildServer({ calendar, allowedDomains: config.allowedDomains });
}
