import type { HttpSettings } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { JiraClient } from './client.js';
import { type JiraConfig, parseJiraConfig } from './config.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch, sleep, randomness and the clock. */
export type JiraHttpEdges = Pick<HttpSettings, 'fetch' | 'sleep' | 'random' | 'now'>;

export function createJiraClient(config: JiraConfig, edges: JiraHttpEdges = {}): JiraClient {
  return new JiraClient({
    ...edges,
    baseUrl: config.baseUrl,
    email: config.email,
    apiToken: config.apiToken,
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
