import { type GoogleApiEdges, googleApiOptions } from '@agentcore/google-workspace';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseGoogleDriveConfig } from './config.js';
import { GoogleDrive } from './google-drive.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export type GoogleDriveEdges = GoogleApiEdges;

/** Builds the Google Drive server from an environment record (the only place it is read). */
export function composeGoogleDriveServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: GoogleDriveEdges = {},
): McpServer {
  const config = parseGoogleDriveConfig(env);
  const drive = new GoogleDrive(
    googleApiOptions(config, (options) => new SecretsManagerSecretSource(options), edges),
  );
  return buildServer({ drive, customerFolderId: config.customerFolderId });
}
