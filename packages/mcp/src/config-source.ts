import type { McpServerDefinition } from './config.js';

/**
 * Where server definitions come from: the config store in deployments (its adapter lives with the
 * store), the environment as a fallback, a fixed list in tests. Errors propagate: a source that
 * cannot be read must not silently turn into "no servers".
 */
export interface McpServerConfigSource {
  loadServers(): Promise<readonly McpServerDefinition[]>;
  /**
   * A cheap answer to "has anything changed?" (a config store's version number), asked before
   * each use: when it differs from the one loaded, the client loads the servers again and
   * reconnects only those whose definition changed. Without it, servers are loaded once.
   */
  version?(): Promise<string>;
}

/** A fixed list of definitions. */
export function staticServerConfigSource(
  servers: readonly McpServerDefinition[],
): McpServerConfigSource {
  const copy = [...servers];
  return { loadServers: async () => copy, version: async () => 'static' };
}

/**
 * The first source that returns at least one server wins: the config store, then `MCP_SERVERS`,
 * as in the seed. A source that fails stops the chain with its error. It has a version when
 * every source has one: theirs, together.
 */
export function fallbackServerConfigSource(
  ...sources: readonly McpServerConfigSource[]
): McpServerConfigSource {
  const loadServers = async () => {
    for (const source of sources) {
      const servers = await source.loadServers();
      if (servers.length > 0) return servers;
    }
    return [];
  };
  const versions = sources.map((source) => source.version?.bind(source));
  if (versions.some((version) => version === undefined)) return { loadServers };
  return {
    loadServers,
    version: async () =>
      (await Promise.all(versions.map((version) => (version ? version() : '')))).join('/'),
  };
}
