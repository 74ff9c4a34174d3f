import type { HttpSettings } from '@agentcore/mcp';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { JiraClient } from './client.js';
import { type JiraConfig, parseJiraConfig } from './config.js';
import { JiraError } from './errors.js';

/**
 * The API token as the config says: given, or read from its Secrets Manager secret on first
 * use and kept (a failed read is tried again on the next call; its error names the secret only).
 */
export function jiraTokenSource(config: JiraConfig): () => Promise<string> {
  const source = config.token;
  if (source.kind === 'env') return async () => source.token;
  const reader = new SecretsManagerSecretSource({
    client: new SecretsManagerClient({
      ...(source.region === undefined ? {} : { region: source.region }),
      ...(source.endpoint === undefined ? {} : { endpoint: source.endpoint }),
      // The reader retries; SDK retries on top would multiply attempts and time.
      maxAttempts: 1,
    }),
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxRetries + 1,
  });
  let token: Promise<string> | undefined;
  return () => {
    token ??= reader.readSecret(source.secretId).then(
      (text) => text.trim(),
      (error: unknown) => {
        token = undefined;
        throw new JiraError(
          'unavailable',
          `the Jira API token could not be read from ${source.secretId}`,
          { cause: error },
        );
      },
    );
    return token;
  };
}

import { buildServer } from './server.js';

/** Edges tests may replace: fetch, sleep, randomness and the clock. */
export type JiraHttpEdges = Pick<HttpSettings, 'fetch' | 'sleep' | 'random' | 'now'>;

export function createJiraClient(config: JiraConfig, edges: JiraHttpEdges = {}): JiraClient {
  return new JiraClient({
    ...edges,
    baseUrl: config.baseUrl,
    email: config.email,
    apiToken: jiraTokenSource(config),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    maxRetryAfterMs: config.maxRetryAfterMs,
    backoffMs: 1_000,
  });
}

/** Builds the Jira server from an environment record (the only place it is read). */
export function composeJiraServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: JiraHttpEdges = {},
): McpServer {
  return buildServer(createJiraClient(parseJiraConfig(env), edges));
}
