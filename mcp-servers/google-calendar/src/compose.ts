import {
  envKeyProvider,
  type ServiceAccountKeyProvider,
  secretKeyProvider,
} from '@agentcore/mcp-server-google-admin';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type GoogleCalendarConfig, parseGoogleCalendarConfig } from './config.js';
import { GoogleCalendar } from './google-calendar.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export interface GoogleCalendarEdges {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

function keyProvider(config: GoogleCalendarConfig): ServiceAccountKeyProvider {
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

/** Builds the Google Calendar server from an environment record (the only place it is read). */
export function composeGoogleCalendarServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: GoogleCalendarEdges = {},
): McpServer {
  const config = parseGoogleCalendarConfig(env);
  const calendar = new GoogleCalendar({
    key: keyProvider(config),
    rootUrl: config.rootUrl,
    tokenUrl: config.tokenUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...edges,
  });
  return buildServer({ calendar, allowedDomains: config.allowedDomains });
}
