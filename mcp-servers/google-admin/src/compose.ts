import { type GoogleApiEdges, googleApiOptions } from '@agentcore/google-workspace';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseGoogleAdminConfig } from './config.js';
import { GoogleDirectory } from './google-directory.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export type GoogleAdminEdges = GoogleApiEdges;

/** Builds the Google Admin server from an environment record (the only place it is read). */
export function composeGoogleAdminServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: GoogleAdminEdges = {},
): McpServer {
  const config = parseGoogleAdminConfig(env);
  const directory = new GoogleDirectory({
    ...googleApiOptions(config, (options) => new SecretsManagerSecretSource(options), edges),
    subject: config.subject,
  });
  return buildServer({
    directory,
    customerId: config.customerId,
    domain: config.domain,
    roleSchema: config.roleSchema,
    roleField: config.roleField,
  });
}
