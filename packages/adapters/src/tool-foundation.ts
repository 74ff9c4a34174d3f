import { type ModelProvider, modelConfigFromEnv, resolveModelProvider } from '@agentcore/agent';
import type { BuiltinServerFactory, McpClient } from '@agentcore/mcp';
import { mcpLogger } from '@agentcore/observability';
import type { Foundation } from './foundation.js';
import { buildMcpClient } from './mcp-client.js';

/** What the local runtime and tests may hand a function that lists or calls tools. */
export interface ToolParts {
  /** The MCP client, when the caller builds it (with `buildMcpClient`, as here). */
  mcp?: McpClient;
  /** `null`: no model, whatever the environment says. */
  model?: ModelProvider | null;
}

/**
 * The MCP client of a function that lists or calls tools: servers from the config store,
 * `MCP_SERVERS` and the built-in ones, logging through the function's logger (or the one handed
 * in). No model: a function that only lists tools carries no model SDK.
 */
export function toolClient(
  env: Readonly<Record<string, string | undefined>>,
  foundation: Foundation,
  builtins: () => Readonly<Record<string, BuiltinServerFactory>>,
  parts: Pick<ToolParts, 'mcp'>,
): McpClient {
  return (
    parts.mcp ??
    buildMcpClient({
      env,
      builtins: builtins(),
      config: foundation.stores.config,
      audit: foundation.stores.audit,
      logger: mcpLogger(foundation.telemetry.logger),
    })
  );
}

/**
 * The MCP client and the model of a function that plans or runs tools: servers from the config
 * store, `MCP_SERVERS` and the built-in ones, logging through the function's logger; the model
 * from the environment (none: direct mode only).
 */
export function toolFoundation(
  env: Readonly<Record<string, string | undefined>>,
  foundation: Foundation,
  builtins: () => Readonly<Record<string, BuiltinServerFactory>>,
  parts: ToolParts,
): { mcp: McpClient; model: ModelProvider | undefined } {
  const mcp = toolClient(env, foundation, builtins, parts);
  const model =
    parts.model === undefined
      ? resolveModelProvider(modelConfigFromEnv(env))
      : (parts.model ?? undefined);
  return { mcp, model };
}
