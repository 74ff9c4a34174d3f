import { createKeyProvider } from '@agentcore/google-workspace';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseGoogleDriveConfig } from './config.js';
import { GoogleDrive } from './google-drive.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export interface GoogleDriveEdges {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Builds the Google Drive server from an environment record (the only place it is read). */
export function composeGoogleDriveServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: GoogleDriveEdges = {},
): McpServer {
  const config = parseGoogleDriveConfig(env);
  const drive = new GoogleDrive({
    key: createKeyProvider(config, (options) => new SecretsManagerSecretSource(options)),
    rootUrl: config.rootUrl,
    tokenUrl: config.tokenUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...edges,
  });
  return buildServer({ drive, customerFolderId: config.customerFolderId });
}
