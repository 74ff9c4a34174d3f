import type { BuiltinServerFactory } from '@agentcore/mcp';
import { composeGifsServer } from '@agentcore/mcp-server-gifs';
import {
  composeGoogleAdminServer,
  isGoogleAdminConfigured,
} from '@agentcore/mcp-server-google-admin';
import {
  composeGoogleCalendarServer,
  isGoogleCalendarConfigured,
} from '@agentcore/mcp-server-google-calendar';
import {
  composeGoogleDriveServer,
  isGoogleDriveConfigured,
} from '@agentcore/mcp-server-google-drive';
import { composeJiraServer, jiraConfigured } from '@agentcore/mcp-server-jira';
import { composeTotpServer } from '@agentcore/mcp-server-totp';

/**
 * The MCP servers built into our functions, run in-process (no child process to spawn), each
 * configured from the same environment as the function. The local runtime uses this registry
 * too, with an environment pointing at its stand-ins.
 */
export function builtinServers(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, BuiltinServerFactory> {
  return {
    totp: () => composeTotpServer(env),
    gifs: () => composeGifsServer(env),
    // Jira only where a site is configured (JIRA_BASE_URL, with JIRA_EMAIL and JIRA_API_TOKEN).
    ...(jiraConfigured(env) ? { jira: () => composeJiraServer(env) } : {}),
    // Google Admin only where an admin subject and a service-account key source are configured.
    ...(isGoogleAdminConfigured(env) ? { google_admin: () => composeGoogleAdminServer(env) } : {}),
    // Google Calendar wherever a service-account key source is: it acts as each requester.
    ...(isGoogleCalendarConfigured(env)
      ? { google_calendar: () => composeGoogleCalendarServer(env) }
      : {}),
    // Google Drive only where GOOGLE_DRIVE_ENABLED=true: its scope reaches every user's files.
    ...(isGoogleDriveConfigured(env) ? { google_drive: () => composeGoogleDriveServer(env) } : {}),
  };
}
