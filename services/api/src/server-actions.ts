import { type McpClient, ServerAliasSchema, ServerUnavailableError } from '@agentcore/mcp';
import type { DynamoConfigRepository } from '@agentcore/store';
import { HttpError } from './http-errors.js';
import {
  checkEntries,
  entryFromBody,
  entryView,
  readEntries,
  type ServerBody,
  type ServerEntry,
  type ServerView,
  toEntry,
} from './routes/server-entries.js';

// What the MCP server routes and the admin UI's servers page do, once.

export interface ServerActionDeps {
  /** Lists servers and their tools (never calls a tool); reloads on each saved version. */
  mcp: McpClient;
  config: DynamoConfigRepository;
}

interface ConfiguredServers {
  version: number;
  entries: ServerEntry[];
}

export interface ServerPatch {
  enabled?: boolean | undefined;
  disabledTools?: string[] | undefined;
  expectedVersion?: number | undefined;
}

export function aliasOf(params: Record<string, string>): string {
  const alias = params.alias ?? '';
  if (!ServerAliasSchema.safeParse(alias).success) {
    throw new HttpError(404, 'not_found', `no MCP server has the alias '${alias.slice(0, 64)}'`);
  }
  return alias;
}

const notFound = (alias: string) =>
  new HttpError(404, 'not_found', `no MCP server has the alias '${alias}'`);

/**
 * Configured servers live in the config store under `mcp_servers` (the seed's entry form), the
 * built-in ones are served under their own names unless an entry with that alias speaks for them
 * (to disable them, or some of their tools). Environment and header values are write-only.
 */
export function serverActions(deps: ServerActionDeps) {
  const { mcp, config } = deps;
  const isBuiltinAlias = (alias: string) => mcp.builtinNames().includes(alias);

  /** What is configured now: the store once saved, the environment's servers until then. */
  const configured = async (): Promise<ConfiguredServers> => {
    const saved = await config.latest('mcp_servers');
    if (saved) return { version: saved.version, entries: readEntries(saved.value) };
    const inEffect = await mcp.servers();
    return {
      version: 0,
      entries: inEffect.filter((server) => server.configured).map((s) => toEntry(s.definition)),
    };
  };

  const viewOf = (entry: ServerEntry) =>
    entryView(entry, entry.builtin === entry.alias && isBuiltinAlias(entry.alias), true);

  /** Saves the new list against the version it was made from; a newer one refuses it (409). */
  const save = async (
    author: string,
    current: ConfiguredServers,
    expectedVersion: number | undefined,
    entries: ServerEntry[],
  ) => {
    checkEntries(entries, mcp.builtinNames());
    const saved = await config.save({
      key: 'mcp_servers',
      value: JSON.parse(JSON.stringify({ servers: entries })),
      author,
      expectedVersion: expectedVersion ?? current.version,
    });
    return saved.version;
  };

  return {
    async list(): Promise<{ version: number; servers: ServerView[] }> {
      const current = await configured();
      const views = current.entries.map(viewOf);
      for (const name of mcp.builtinNames()) {
        if (current.entries.some((entry) => entry.alias === name)) continue;
        views.push(
          entryView({ alias: name, enabled: true, disabledTools: [], builtin: name }, true, false),
        );
      }
      views.sort((a, b) => (a.alias < b.alias ? -1 : 1));
      return { version: current.version, servers: views };
    },

    async add(author: string, body: ServerBody) {
      if (body.alias === undefined) {
        throw new HttpError(400, 'validation_failed', 'body.alias: give the server an alias');
      }
      const current = await configured();
      if (
        current.entries.some((entry) => entry.alias === body.alias) ||
        isBuiltinAlias(body.alias)
      ) {
        throw new HttpError(409, 'already_exists', `an MCP server has the alias '${body.alias}'`);
      }
      const entry = entryFromBody(body.alias, body);
      const version = await save(author, current, body.expectedVersion, [
        ...current.entries,
        entry,
      ]);
      return { version, server: viewOf(entry) };
    },

    async replace(author: string, alias: string, body: ServerBody) {
      if (body.alias !== undefined && body.alias !== alias) {
        throw new HttpError(400, 'validation_failed', 'body.alias: an alias cannot be renamed');
      }
      const current = await configured();
      const stored = current.entries.find((entry) => entry.alias === alias);
      if (!stored && !isBuiltinAlias(alias)) throw notFound(alias);
      const entry = entryFromBody(alias, body, stored);
      const entries = stored
        ? current.entries.map((each) => (each.alias === alias ? entry : each))
        : [...current.entries, entry];
      const version = await save(author, current, body.expectedVersion, entries);
      return { version, server: viewOf(entry) };
    },

    async patch(author: string, alias: string, body: ServerPatch) {
      const current = await configured();
      const stored =
        current.entries.find((entry) => entry.alias === alias) ??
        (isBuiltinAlias(alias)
          ? { alias, enabled: true, disabledTools: [], builtin: alias }
          : undefined);
      if (!stored) throw notFound(alias);
      const entry: ServerEntry = {
        ...stored,
        enabled: body.enabled ?? stored.enabled,
        disabledTools: body.disabledTools ?? stored.disabledTools,
      };
      const entries = current.entries.some((each) => each.alias === alias)
        ? current.entries.map((each) => (each.alias === alias ? entry : each))
        : [...current.entries, entry];
      const version = await save(author, current, body.expectedVersion, entries);
      return { version, server: viewOf(entry) };
    },

    async remove(author: string, alias: string, expectedVersion?: number) {
      const current = await configured();
      if (!current.entries.some((entry) => entry.alias === alias)) {
        if (isBuiltinAlias(alias)) {
          throw new HttpError(
            409,
            'built_in',
            `'${alias}' is a built-in server: disable it with PATCH {"enabled": false} instead`,
          );
        }
        throw notFound(alias);
      }
      const entries = current.entries.filter((entry) => entry.alias !== alias);
      const version = await save(author, current, expectedVersion, entries);
      return { version, removed: alias };
    },

    /** The server's tools as it lists them now (asked live); 503 when it cannot be reached. */
    async tools(alias: string) {
      let listed: Awaited<ReturnType<McpClient['serverTools']>>;
      try {
        listed = await mcp.serverTools(alias);
      } catch (error) {
        if (!(error instanceof ServerUnavailableError)) throw error;
        throw new HttpError(503, 'server_unavailable', error.message, { 'retry-after': '5' });
      }
      if (!listed) throw notFound(alias);
      return {
        alias: listed.alias,
        enabled: listed.enabled,
        tools: listed.tools.map((tool) => ({
          name: tool.name,
          displayName: tool.displayName,
          toolName: tool.toolName,
          ...(tool.title !== undefined ? { title: tool.title } : {}),
          description: tool.description,
          annotations: tool.annotations,
          inputSchema: tool.inputSchema,
          disabled: tool.disabled,
        })),
        problems: listed.problems,
      };
    },
  };
}
export type ServerActions = ReturnType<typeof serverActions>;
