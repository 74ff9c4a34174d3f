import { type McpClient, ServerAliasSchema, ServerUnavailableError } from '@agentcore/mcp';
import type { DynamoConfigRepository } from '@agentcore/store';
import { z } from 'zod';
import { HttpError } from '../http-errors.js';
import type { ApiRoutes } from '../routing.js';
import {
  checkEntries,
  entryFromBody,
  entryView,
  readEntries,
  ServerBodySchema,
  type ServerEntry,
  toEntry,
} from './server-entries.js';

export interface ServerRoutesDeps {
  /** Lists servers and their tools (never calls a tool); reloads on each saved version. */
  mcp: McpClient;
  config: DynamoConfigRepository;
}

interface ConfiguredServers {
  version: number;
  entries: ServerEntry[];
}

const PatchBodySchema = z.strictObject({
  enabled: z.boolean().optional(),
  disabledTools: z.array(z.string().min(1).max(256)).max(500).optional(),
  expectedVersion: z.number().int().min(0).optional(),
});

const DeleteQuerySchema = z.object({
  expectedVersion: z.coerce.number().int().min(0).optional(),
});

function aliasOf(params: Record<string, string>): string {
  const alias = params.alias ?? '';
  if (!ServerAliasSchema.safeParse(alias).success) {
    throw new HttpError(404, 'not_found', `no MCP server has the alias '${alias.slice(0, 64)}'`);
  }
  return alias;
}

/** A built-in server served under its own name, as the client does when nothing is configured. */
function isBuiltinAlias(mcp: McpClient, alias: string): boolean {
  return mcp.builtinNames().includes(alias);
}

/**
 * The MCP server routes: configured servers live in the config store under `mcp_servers` (the
 * seed's entry form), the built-in ones are served under their own names unless an entry with
 * that alias speaks for them (to disable them, or some of their tools). Environment and header
 * values are write-only.
 */
export function serverRoutes(routes: ApiRoutes, deps: ServerRoutesDeps): void {
  const { mcp, config } = deps;

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
    entryView(entry, entry.builtin === entry.alias && isBuiltinAlias(mcp, entry.alias), true);

  /** Saves the new list against the version it was made from; a newer one refuses it (409). */
  const save = async (
    author: string,
    current: ConfiguredServers,
    expectedVersion: number | undefined,
    entries: ServerEntry[],
  ) => {
    checkEntries(entries, mcp.builtinNames());
    // The list was made from `current`: saved against its version unless the caller named one.
    const saved = await config.save({
      key: 'mcp_servers',
      value: JSON.parse(JSON.stringify({ servers: entries })),
      author,
      expectedVersion: expectedVersion ?? current.version,
    });
    return saved.version;
  };

  routes.add(
    {
      method: 'get',
      path: '/config/mcp-servers',
      summary:
        'The MCP servers: configured ones and the built-in ones (builtIn). Environment and header values are never shown, only their names.',
      tag: 'config',
      access: 'admin',
      responses: { 200: 'the servers and the configuration version' },
    },
    async (c) => {
      const current = await configured();
      const views = current.entries.map(viewOf);
      for (const name of mcp.builtinNames()) {
        if (current.entries.some((entry) => entry.alias === name)) continue;
        views.push(
          entryView({ alias: name, enabled: true, disabledTools: [], builtin: name }, true, false),
        );
      }
      views.sort((a, b) => (a.alias < b.alias ? -1 : 1));
      return c.json({ version: current.version, servers: views });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/config/mcp-servers',
      summary:
        'Add a server: exactly one of command (with args, env), path, url (with headers) or builtin.',
      tag: 'config',
      access: 'admin',
      body: ServerBodySchema,
      responses: {
        201: 'added; running functions use it from their next request',
        400: 'invalid server',
        409: 'the alias exists, or someone saved a newer version',
      },
    },
    async (c, { principal, body }) => {
      if (body.alias === undefined) {
        throw new HttpError(400, 'validation_failed', 'body.alias: give the server an alias');
      }
      const current = await configured();
      if (
        current.entries.some((entry) => entry.alias === body.alias) ||
        isBuiltinAlias(mcp, body.alias)
      ) {
        throw new HttpError(409, 'already_exists', `an MCP server has the alias '${body.alias}'`);
      }
      const entry = entryFromBody(body.alias, body);
      const version = await save(principal.userId, current, body.expectedVersion, [
        ...current.entries,
        entry,
      ]);
      return c.json({ version, server: viewOf(entry) }, 201);
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/config/mcp-servers/:alias',
      summary:
        'Replace a server. Environment and header values given as "(set)" or null, or left out entirely, keep the stored ones.',
      tag: 'config',
      access: 'admin',
      body: ServerBodySchema,
      responses: { 200: 'replaced', 400: 'invalid server', 404: 'no such server', 409: 'stale' },
    },
    async (c, { principal, body, params }) => {
      const alias = aliasOf(params);
      if (body.alias !== undefined && body.alias !== alias) {
        throw new HttpError(400, 'validation_failed', 'body.alias: an alias cannot be renamed');
      }
      const current = await configured();
      const stored = current.entries.find((entry) => entry.alias === alias);
      if (!stored && !isBuiltinAlias(mcp, alias)) {
        throw new HttpError(404, 'not_found', `no MCP server has the alias '${alias}'`);
      }
      const entry = entryFromBody(alias, body, stored);
      const entries = stored
        ? current.entries.map((each) => (each.alias === alias ? entry : each))
        : [...current.entries, entry];
      const version = await save(principal.userId, current, body.expectedVersion, entries);
      return c.json({ version, server: viewOf(entry) });
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/config/mcp-servers/:alias',
      summary:
        'Enable or disable a server, or set its disabled tools; built-in servers included (this saves an entry that speaks for them).',
      tag: 'config',
      access: 'admin',
      body: PatchBodySchema,
      responses: { 200: 'changed', 404: 'no such server', 409: 'stale' },
    },
    async (c, { principal, body, params }) => {
      const alias = aliasOf(params);
      const current = await configured();
      const stored =
        current.entries.find((entry) => entry.alias === alias) ??
        (isBuiltinAlias(mcp, alias)
          ? { alias, enabled: true, disabledTools: [], builtin: alias }
          : undefined);
      if (!stored) throw new HttpError(404, 'not_found', `no MCP server has the alias '${alias}'`);
      const entry: ServerEntry = {
        ...stored,
        enabled: body.enabled ?? stored.enabled,
        disabledTools: body.disabledTools ?? stored.disabledTools,
      };
      const entries = current.entries.some((each) => each.alias === alias)
        ? current.entries.map((each) => (each.alias === alias ? entry : each))
        : [...current.entries, entry];
      const version = await save(principal.userId, current, body.expectedVersion, entries);
      return c.json({ version, server: viewOf(entry) });
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/config/mcp-servers/:alias',
      summary:
        'Remove a configured server. For a built-in one this removes what the configuration said about it (it is served with all its tools again); a built-in server itself cannot be removed, only disabled.',
      tag: 'config',
      access: 'admin',
      query: DeleteQuerySchema,
      responses: { 200: 'removed', 404: 'no such server', 409: 'built in, or stale' },
    },
    async (c, { principal, query, params }) => {
      const alias = aliasOf(params);
      const current = await configured();
      if (!current.entries.some((entry) => entry.alias === alias)) {
        if (isBuiltinAlias(mcp, alias)) {
          throw new HttpError(
            409,
            'built_in',
            `'${alias}' is a built-in server: disable it with PATCH {"enabled": false} instead`,
          );
        }
        throw new HttpError(404, 'not_found', `no MCP server has the alias '${alias}'`);
      }
      const entries = current.entries.filter((entry) => entry.alias !== alias);
      const version = await save(principal.userId, current, query.expectedVersion, entries);
      return c.json({ version, removed: alias });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/config/mcp-servers/:alias/tools',
      summary:
        "A server's tools as it lists them now (asked live), with their annotations; disabled ones are marked.",
      tag: 'config',
      access: 'admin',
      responses: { 200: 'the tools', 404: 'no such server', 503: 'the server cannot be reached' },
    },
    async (c, { params }) => {
      const alias = aliasOf(params);
      let listed: Awaited<ReturnType<McpClient['serverTools']>>;
      try {
        listed = await mcp.serverTools(alias);
      } catch (error) {
        if (!(error instanceof ServerUnavailableError)) throw error;
        throw new HttpError(503, 'server_unavailable', error.message, { 'retry-after': '5' });
      }
      if (!listed) throw new HttpError(404, 'not_found', `no MCP server has the alias '${alias}'`);
      return c.json({
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
      });
    },
  );
}
