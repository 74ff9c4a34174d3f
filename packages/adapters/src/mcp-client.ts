import {
  type BuiltinServerFactory,
  McpClient,
  type McpLogger,
  type McpServerConfigSource,
  type McpServerDefinition,
  readMcpEnvConfig,
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
 * The config store once anything was saved there (even an empty list: an administrator who
 * removed every server meant it), `MCP_SERVERS` until then. Its version is the store's, so a
 * running client reloads on the first use after each save.
 */
export function storeThenEnvironmentSource(
  config: ServerConfigStore,
  fromEnv: readonly McpServerDefinition[],
): McpServerConfigSource {
  const store = configStoreServerSource(config);
  return {
    loadServers: async () =>
      (await config.currentVersion('mcp_servers')) === 0 ? fromEnv : store.loadServers(),
    version: () => store.version?.() ?? Promise.resolve('0'),
  };
}

/**
 * The MCP client every function that lists or calls tools uses: servers from the config store
 * (the source of truth; `MCP_SERVERS` until something is saved) and the built-in servers. Each
 * use checks the store's version, so a saved change applies to the next request, no restart.
 */
export function buildMcpClient(parts: McpClientParts): McpClient {
  const fromEnv = readMcpEnvConfig(parts.env);
  return new McpClient({
    servers: storeThenEnvironmentSource(parts.config, fromEnv.servers),
    allowedToolsCeiling: fromEnv.allowedTools,
    builtins: parts.builtins,
    audit: auditLogSink(parts.audit),
    logger: parts.logger,
  });
}
