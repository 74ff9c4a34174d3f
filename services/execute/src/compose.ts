import { buildMcpClient, mcpToolSessions, modelAgentRunner } from '@agentcore/adapters';
import { type ModelProvider, modelConfigFromEnv, resolveModelProvider } from '@agentcore/agent';
import type { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import type { Clock, ExecuteDeps } from '@agentcore/workflow';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseExecuteConfig } from './config.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface ExecuteParts {
  documents?: DynamoDBDocumentClient;
  /** `null`: no model, whatever the environment says. */
  model?: ModelProvider | null;
  /** The MCP client, when the caller builds it (with `buildMcpClient`, as here). */
  mcp?: McpClient;
  clock?: Clock;
}

/** Builds the execute function's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: ExecuteParts = {},
): ExecuteDeps {
  const config = parseExecuteConfig(env);
  const stores = createStores(
    parts.documents ?? createDocumentClient({ region: config.AWS_REGION }),
    tableNames(config.TABLE_PREFIX),
  );
  const mcp =
    parts.mcp ??
    buildMcpClient({
      env,
      builtins: builtinServers(env),
      config: stores.config,
      audit: stores.audit,
    });
  const model =
    parts.model === undefined
      ? resolveModelProvider(modelConfigFromEnv(env))
      : (parts.model ?? undefined);
  return {
    approvals: stores.approvals,
    sessions: mcpToolSessions(mcp),
    agent: model && modelAgentRunner(model),
    clock: parts.clock ?? (() => new Date()),
  };
}
