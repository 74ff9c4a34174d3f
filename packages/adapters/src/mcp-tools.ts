import {
  type McpAuditEvent,
  type McpClient,
  type McpServerConfigSource,
  parseServerEntries,
} from '@agentcore/mcp';
import type { ToolPinner, ToolSessions } from '@agentcore/workflow';

/** Pins taken from the MCP servers as they define their tools right now. */
export function mcpToolPinner(client: McpClient): ToolPinner {
  return { pin: (tools) => client.pinTools(tools) };
}

/** Sessions that can see and call only the approved tools, at their approved pins. */
export function mcpToolSessions(client: McpClient): ToolSessions {
  return {
    open: async ({ requestId, requester, allowedTools, pins }) => {
      const session = client.openSession({ requestId, requester, allowedTools, pins });
      return {
        listTools: async () =>
          (await session.listTools()).tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            inputSchema: tool.inputSchema,
            sensitiveOutput: tool.annotations.sensitiveOutputHint === true,
          })),
        call: (call, signal) => session.call(call, signal),
        callTool: async (name, args, signal) => {
          const result = await session.callTool(name, args, signal ? { signal } : {});
          return { text: result.text, isError: result.isError };
        },
        close: () => session.close(),
      };
    },
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Where the MCP layer's audit events (blocked calls, unreachable servers) are kept. */
export interface AuditLog {
  append(event: {
    streamId: string;
    type: string;
    actor: string;
    data: Record<string, Json>;
  }): Promise<unknown>;
}

/** Files MCP audit events in the request's own audit chain (or the `mcp` chain without one). */
export function auditLogSink(log: AuditLog) {
  return {
    record: async (event: McpAuditEvent): Promise<void> => {
      const { type, actor, requestId, ...data } = event;
      await log.append({
        streamId: requestId ?? 'mcp',
        type,
        actor,
        data: JSON.parse(JSON.stringify(data)),
      });
    },
  };
}

/** The versioned config store, as far as MCP server definitions go. */
export interface ServerConfigStore {
  latest(key: 'mcp_servers'): Promise<{ value: unknown } | undefined>;
  /** The newest version number (0 when never saved): one small read. */
  currentVersion(key: 'mcp_servers'): Promise<number>;
}

/**
 * MCP servers as saved in the config store (the seed's entry form: alias, command or path or
 * url, args, env, enabled, disabled tools). Nothing saved yet means no servers from here. Its
 * version is the store's, so a running client sees each save on its next use.
 */
export function configStoreServerSource(config: ServerConfigStore): McpServerConfigSource {
  return {
    loadServers: async () => {
      const saved = await config.latest('mcp_servers');
      return saved === undefined ? [] : parseServerEntries(saved.value);
    },
    version: async () => String(await config.currentVersion('mcp_servers')),
  };
}
