import {
  buildMcpClient,
  type FoundationParts,
  functionFoundation,
  mcpToolSessions,
  modelAgentRunner,
} from '@agentcore/adapters';
import { type ModelProvider, modelConfigFromEnv, resolveModelProvider } from '@agentcore/agent';
import type { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { mcpLogger } from '@agentcore/observability';
import { parseExecuteConfig } from './config.js';
import type { ExecuteServiceDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface ExecuteParts extends FoundationParts {
  /** `null`: no model, whatever the environment says. */
  model?: ModelProvider | null;
  /** The MCP client, when the caller builds it (with `buildMcpClient`, as here). */
  mcp?: McpClient;
}

/** Builds the execute function's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: ExecuteParts = {},
): ExecuteServiceDeps {
  const config = parseExecuteConfig(env);
  const { telemetry, stores, clock } = functionFoundation('execute', config, env, parts);
  const mcp =
    parts.mcp ??
    buildMcpClient({
      env,
      builtins: builtinServers(env),
      config: stores.config,
      audit: stores.audit,
      logger: mcpLogger(telemetry.logger),
    });
  const model =
    parts.model === undefined
      ? resolveModelProvider(modelConfigFromEnv(env))
      : (parts.model ?? undefined);
  return {
    telemetry,
    approvals: stores.approvals,
    sessions: mcpToolSessions(mcp),
    agent: model && modelAgentRunner(model),
    clock,
  };
}
