import {
  envKeyProvider,
  type ServiceAccountKeyProvider,
  secretKeyProvider,
} from '@agentcore/mcp-server-google-admin';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type GoogleDriveConfig, parseGoogleDriveConfig } from './config.js';
import { GoogleDrive } from './google-drive.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export interface GoogleDriveEdges {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

function keyProvider(config: GoogleDriveConfig): ServiceAccountKeyProvider {
  const key = config.key;
  if (key.kind === 'env') return envKeyProvider(key.json);
  const client = new SecretsManagerClient({
    ...(key.region === undefined ? {} : { region: key.region }),
    ...(key.endpoint === undefined ? {} : { endpoint: key.endpoint }),
    // The source retries; SDK retries on top would multiply attempts and time.
    maxAttempts: 1,
  });
  const source = new SecretsManagerSecretSource({
    client,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxRetries + 1,
  });
  return secretKeyProvider(source, key.secretId);
}

/** Builds the Google Drive server from an environment record (the only place it is read). */
export function composeGoogleDriveServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: GoogleDriveEdges = {},
): McpServer {
  const config = parseGoogleDriveConfig(env);
  const drive = new GoogleDrive({
    key: keyProvider(config),
    rootUrl: config.rootUrl,
    tokenUrl: config.tokenUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...edges,
  });
  return buildServer({ drive, customerFolderId: config.customerFolderId });
}
