import type { BuiltinServerFactory } from '@agentcore/mcp';
import { isGoogleAdminConfigured } from '@agentcore/mcp-server-google-admin/configured';
import { isGoogleCalendarConfigured } from '@agentcore/mcp-server-google-calendar/configured';
import { isGoogleDriveConfigured } from '@agentcore/mcp-server-google-drive/configured';
import { jiraConfigured } from '@agentcore/mcp-server-jira/configured';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The MCP servers built into our functions, run in-process (no child process to spawn), each
 * configured from the same environment as the function. The local runtime uses this registry
 * too, with an environment pointing at its stand-ins.
 *
 * A server's code is imported when a session first connects to it, never at start: in a Lambda
 * bundle each server is a chunk of its own (the Google ones carry Google's API clients, ~0.5 MB),
 * so a cold start pays for none of them. Which servers exist is each server's own "is it
 * configured?" check, imported from its `/configured` entry, which imports nothing of the server.
 */
export function builtinServers(env: Env): Record<string, BuiltinServerFactory> {
  return {
    totp: async () => (await import('@agentcore/mcp-server-totp')).composeTotpServer(env),
    gifs: async () => (await import('@agentcore/mcp-server-gifs')).composeGifsServer(env),
    ...(jiraConfigured(env)
      ? { jira: async () => (await import('@agentcore/mcp-server-jira')).composeJiraServer(env) }
      : {}),
    ...(isGoogleAdminConfigured(env)
      ? {
          google_admin: async () =>
            (await import('@agentcore/mcp-server-google-admin')).composeGoogleAdminServer(env),
        }
      : {}),
    ...(isGoogleCalendarConfigured(env)
      ? {
          google_calendar: async () =>
            (await import('@agentcore/mcp-server-google-calendar')).composeGoogleCalendarServer(
              env,
            ),
        }
      : {}),
    ...(isGoogleDriveConfigured(env)
      ? {
          google_drive: async () =>
            (await import('@agentcore/mcp-server-google-drive')).composeGoogleDriveServer(env),
        }
      : {}),
  };
}
