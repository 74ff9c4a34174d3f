import {
  type BuiltinServerFactory,
  fallbackServerConfigSource,
  McpClient,
  type McpLogger,
  readMcpEnvConfig,
  staticServerConfigSource,
} from '@agentcore/mcp';
import {
  type AuditLog,
  auditLogSink,
  configStoreServerSource,
  type ServerConfigStore,
} from './mcp-tools.js';

export interface McpClientParts {
  /** The function's environment: `MCP_SERVERS` and `MCP_ALLOWED_TOOLS` (the seed's forms). */
  env: Readonly<Record<string, string | undefined>>;
  /** The built-in servers, run in-process; plus any a test adds. */
  builtins: Readonly<Record<string, BuiltinServerFactory>>;
  config: ServerConfigStore;
  audit: AuditLog;
  logger: McpLogger;
}

/**
 * The MCP client every function that lists or calls tools uses: servers from the config store
 * first (the source of truth), `MCP_SERVERS` as the fallback, and the built-in servers.
 */
export function buildMcpClient(parts: McpClientParts): McpClient {
  const fromEnv = readMcpEnvConfig(parts.env);
  return new McpClient({
    servers: fallbackServerConfigSource(
      configStoreServerSource(parts.config),
      staticServerConfigSource(fromEnv.servers),
    ),
    allowedToolsCeiling: fromEnv.allowedTools,
    builtins: parts.builtins,
    audit: auditLogSink(parts.audit),
    logger: parts.logger,
  });
}
