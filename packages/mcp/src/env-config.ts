import type { QualifiedToolName } from '@agentcore/core';
import { type McpServerDefinition, type McpServerEntry, parseServerEntries } from './config.js';
import { McpConfigError, ToolNameError } from './errors.js';
import { toQualifiedToolName } from './naming.js';

export interface McpServersEnvOptions {
  /** Replaces a leading `~` in paths; without it, `~` paths are rejected. */
  homeDir?: string;
}

/** What the MCP layer reads from an environment record. */
export interface McpEnvConfig {
  servers: McpServerDefinition[];
  /** The deployment's ceiling on every session's allowlist; `undefined` when not set. */
  allowedTools: QualifiedToolName[] | undefined;
}

/**
 * Reads `MCP_SERVERS` and `MCP_ALLOWED_TOOLS` from an environment record. Pure: the caller passes
 * the record (e.g. `process.env` at the edge), nothing here touches the process.
 */
export function readMcpEnvConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: McpServersEnvOptions = {},
): McpEnvConfig {
  return {
    servers: parseMcpServersValue(env.MCP_SERVERS, options),
    allowedTools: parseAllowedToolsList(env.MCP_ALLOWED_TOOLS),
  };
}

/**
 * Reads `MCP_SERVERS`: JSON (an array of entries or `{ servers: [...] }`) when it starts with `[`
 * or `{`, otherwise the seed's `alias=path;...` form. Unset or blank means no servers.
 */
export function parseMcpServersValue(
  value: string | undefined,
  options: McpServersEnvOptions = {},
): McpServerDefinition[] {
  const text = value?.trim() ?? '';
  if (text === '') return [];
  if (!text.startsWith('[') && !text.startsWith('{')) return parseMcpServersEnv(text, options);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new McpConfigError('MCP_SERVERS is not valid JSON', { cause: error });
  }
  return parseServerEntries(json);
}

/**
 * Parses the seed's `alias=path;alias2:path2` form (the first `=` separates, else the first `:`;
 * blanks trimmed; empty entries skipped; a leading `~` expanded). Unlike the seed, an entry
 * without a separator is an error rather than silently dropped.
 */
export function parseMcpServersEnv(
  value: string,
  options: McpServersEnvOptions = {},
): McpServerDefinition[] {
  const entries: McpServerEntry[] = [];
  for (const raw of value.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const at = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
    if (at < 0) throw new McpConfigError(`MCP_SERVERS entry '${entry}' is not alias=path`);
    const alias = entry.slice(0, at).trim();
    const path = expandHome(entry.slice(at + 1).trim(), options.homeDir);
    entries.push({ alias, path });
  }
  return parseServerEntries(entries);
}

/**
 * Parses a comma-separated list of tool names (`alias__tool` or `alias/tool`), the
 * `MCP_ALLOWED_TOOLS` form. Unset or blank means "no ceiling". Wildcards such as the seed's `Any`
 * are rejected: an allowlist that allows everything must be said by leaving the list unset.
 */
export function parseAllowedToolsList(value: string | undefined): QualifiedToolName[] | undefined {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) return undefined;
  return [
    ...new Set(
      items.map((item) => {
        try {
          return toQualifiedToolName(item);
        } catch (error) {
          if (!(error instanceof ToolNameError)) throw error;
          throw new McpConfigError(`MCP_ALLOWED_TOOLS: ${error.message}`, { cause: error });
        }
      }),
    ),
  ];
}

function expandHome(path: string, homeDir: string | undefined): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  if (!homeDir) throw new McpConfigError(`cannot expand '~' in '${path}': no home directory given`);
  return `${homeDir}${path.slice(1)}`;
}
