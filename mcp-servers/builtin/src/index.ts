import type { BuiltinServerFactory } from '@agentcore/mcp';

type Env = Readonly<Record<string, string | undefined>>;

const isSet = (env: Env, name: string) => (env[name]?.trim() ?? '') !== '';
const hasGoogleKeySource = (env: Env) =>
  isSet(env, 'GOOGLE_SERVICE_ACCOUNT_KEY') || isSet(env, 'GOOGLE_SERVICE_ACCOUNT_SECRET_ID');

/**
 * The MCP servers built into our functions, run in-process (no child process to spawn), each
 * configured from the same environment as the function. The local runtime uses this registry
 * too, with an environment pointing at its stand-ins.
 *
 * A server's code is imported when a session first connects to it, never at start: in a Lambda
 * bundle each server is a chunk of its own (the Google ones carry Google's API clients, ~0.5 MB),
 * so a cold start pays for none of them. Which servers exist is therefore decided here from the
 * environment alone: importing even a server's "is it configured?" check would import its
 * package, and so the whole server, at start. test/registry.test.ts holds these rules to each
 * server's own check.
 */
export function builtinServers(env: Env): Record<string, BuiltinServerFactory> {
  return {
    totp: async () => (await import('@agentcore/mcp-server-totp')).composeTotpServer(env),
    gifs: async () => (await import('@agentcore/mcp-server-gifs')).composeGifsServer(env),
    // Jira only where a site is configured (JIRA_BASE_URL, with JIRA_EMAIL and JIRA_API_TOKEN).
    ...(isSet(env, 'JIRA_BASE_URL')
      ? { jira: async () => (await import('@agentcore/mcp-server-jira')).composeJiraServer(env) }
      : {}),
    // Google Admin only where an admin subject and a service-account key source are configured.
    ...(isSet(env, 'GOOGLE_ADMIN_SUBJECT') && hasGoogleKeySource(env)
      ? {
          google_admin: async () =>
            (await import('@agentcore/mcp-server-google-admin')).composeGoogleAdminServer(env),
        }
      : {}),
    // Google Calendar wherever a service-account key source is: it acts as each requester.
    ...(hasGoogleKeySource(env)
      ? {
          google_calendar: async () =>
            (await import('@agentcore/mcp-server-google-calendar')).composeGoogleCalendarServer(
              env,
            ),
        }
      : {}),
    // Google Drive only where GOOGLE_DRIVE_ENABLED=true: its scope reaches every user's files.
    ...(env.GOOGLE_DRIVE_ENABLED?.trim().toLowerCase() === 'true' && hasGoogleKeySource(env)
      ? {
          google_drive: async () =>
            (await import('@agentcore/mcp-server-google-drive')).composeGoogleDriveServer(env),
        }
      : {}),
  };
}
