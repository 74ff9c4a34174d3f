import type { McpServerDefinition } from './config.js';

/**
 * Where server definitions come from: the config store in deployments (its adapter lives with the
 * store), the environment as a fallback, a fixed list in tests. Errors propagate: a source that
 * cannot be read must not silently turn into "no servers".
 */
export interface McpServerConfigSource {
  loadServers(): Promise<readonly McpServerDefinition[]>;
}

/** A fixed list of definitions. */
export function staticServerConfigSource(
  servers: readonly McpServerDefinition[],
): McpServerConfigSource {
  const copy = [...servers];
  return { loadServers: async () => copy };
}

/**
 * The first source that returns at least one server wins: the config store, then `MCP_SERVERS`,
 * as in the seed. A source that fails stops the chain with its error.
 */
export function fallbackServerConfigSource(
  ...sources: readonly McpServerConfigSource[]
): McpServerConfigSource {
  return {
    async loadServers() {
      for (const source of sources) {
        const servers = await source.loadServers();
        if (servers.length > 0) return servers;
      }
      return [];
    },
  };
}
