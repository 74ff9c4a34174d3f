import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type GoogleAdminConfig, parseGoogleAdminConfig } from './config.js';
import {
  envKeyProvider,
  type ServiceAccountKeyProvider,
  secretKeyProvider,
} from './credentials.js';
import { GoogleDirectory } from './google-directory.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export interface GoogleAdminEdges {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The key source `config` describes. */
export function createKeyProvider(config: GoogleAdminConfig): ServiceAccountKeyProvider {
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

/** Builds the Google Admin server from an environment record (the only place it is read). */
export function composeGoogleAdminServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: GoogleAdminEdges = {},
): McpServer {
  const config = parseGoogleAdminConfig(env);
  const directory = new GoogleDirectory({
    key: createKeyProvider(config),
    subject: config.subject,
    rootUrl: config.rootUrl,
    tokenUrl: config.tokenUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...edges,
  });
  return buildServer({
    directory,
    customerId: config.customerId,
    domain: config.domain,
    roleSchema: config.roleSchema,
    roleField: config.roleField,
  });
}
