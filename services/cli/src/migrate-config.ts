import { basename } from 'node:path';
import { type McpServerDefinition, parseMcpServersValue } from '@agentcore/mcp';
import { compileSeedRules } from '@agentcore/policy';
import type { ApiClient } from './api-client.js';
import type { PolicySourceFile, ServerView } from './config-commands.js';
import { answer, type Context, type Outcome, UsageError } from './outcome.js';

/** Key order does not make two configurations different. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type Change = 'add' | 'change' | 'same';

/**
 * Merges `incoming` into `stored` by `key`: incoming entries win, stored ones stay. `comparable`
 * is what can be compared (the API shows secret values only as set, never what they are).
 */
function merge<T>(
  stored: T[],
  incoming: T[],
  key: (item: T) => string,
  comparable: (item: T) => unknown = (item) => item,
) {
  const changes: { name: string; change: Change }[] = [];
  const merged = [...stored];
  for (const item of incoming) {
    const at = merged.findIndex((existing) => key(existing) === key(item));
    if (at < 0) {
      merged.push(item);
      changes.push({ name: key(item), change: 'add' });
    } else {
      const same = canonical(comparable(merged[at] as T)) === canonical(comparable(item));
      merged[at] = item;
      changes.push({ name: key(item), change: same ? 'same' : 'change' });
    }
  }
  return { merged, changes };
}

/** A server in the config store's entry form, as POST and PUT /config/mcp-servers take it. */
function entryOf(definition: McpServerDefinition): ServerView {
  const base = {
    alias: definition.alias,
    enabled: definition.enabled,
    disabledTools: definition.disabledTools,
  };
  const transport = definition.transport;
  switch (transport.type) {
    case 'stdio':
      return { ...base, command: transport.command, args: transport.args, env: transport.env };
    case 'script':
      return { ...base, path: transport.path, args: transport.args, env: transport.env };
    case 'http':
      return { ...base, url: transport.url, headers: transport.headers };
    case 'in-memory':
      return { ...base, builtin: transport.builtin };
  }
}

/** What of a server can be compared with what the API shows: secrets by name only. */
function comparableServer(server: ServerView) {
  const names = (values: unknown) =>
    values && typeof values === 'object' ? Object.keys(values).sort() : [];
  return {
    alias: server.alias,
    enabled: server.enabled ?? true,
    disabledTools: server.disabledTools ?? [],
    command: server.command,
    args: server.command || server.path ? (server.args ?? []) : undefined,
    path: server.path,
    url: server.url,
    builtin: server.builtin,
    env: names(server.env),
    headers: names(server.headers),
  };
}

function seedServers(env: Record<string, string | undefined>): ServerView[] {
  try {
    return parseMcpServersValue(env.MCP_SERVERS, { homeDir: env.HOME }).map(entryOf);
  } catch (error) {
    throw new UsageError(`MCP_SERVERS: ${(error as Error).message}`);
  }
}

function seedPolicy(context: Context, path: string): PolicySourceFile {
  let json: unknown;
  try {
    json = JSON.parse(context.io.readFile(path));
  } catch (error) {
    throw new UsageError(
      `POLICY_PATH ${path} is not a readable JSON file: ${(error as Error).message}`,
    );
  }
  try {
    const name = `${basename(path).replace(/\.json$/i, '')}.cedar`;
    return compileSeedRules(json, name).source;
  } catch (error) {
    throw new UsageError(`POLICY_PATH ${path}: ${(error as Error).message}`);
  }
}

const MARK: Record<Change, string> = { add: '+', change: '~', same: '=' };

async function planServers(api: ApiClient, incoming: ServerView[]) {
  const current = await api.call<{ version: number; servers: ServerView[] }>(
    'GET',
    '/config/mcp-servers',
  );
  return {
    version: current.version,
    ...merge(current.servers, incoming, (server) => server.alias, comparableServer),
  };
}

async function planPolicies(api: ApiClient, incoming: PolicySourceFile) {
  const current = await api.call<{ version?: number; sources: PolicySourceFile[] }>(
    'GET',
    '/config/policies',
  );
  return {
    version: current.version,
    ...merge(current.sources, [incoming], (source) => source.name),
  };
}

/**
 * The seed's configuration (`MCP_SERVERS`, the `POLICY_PATH` rules file) into the config store.
 * A dry run unless `apply`: it shows what would be added (+), changed (~) or is already there (=).
 */
export async function migrateConfig(context: Context, apply: boolean): Promise<Outcome> {
  const { env } = context.io;
  const servers = seedServers(env);
  const policy = env.POLICY_PATH ? seedPolicy(context, env.POLICY_PATH) : undefined;
  if (servers.length === 0 && policy === undefined) {
    throw new UsageError(
      'nothing to migrate: set MCP_SERVERS (alias=path;… or JSON) and/or POLICY_PATH (seed rules JSON)',
    );
  }
  const api = context.api();
  const serverPlan = servers.length > 0 ? await planServers(api, servers) : undefined;
  const policyPlan = policy ? await planPolicies(api, policy) : undefined;
  const lines = [
    ...(serverPlan?.changes ?? []).map((entry) => `${MARK[entry.change]} mcp server ${entry.name}`),
    ...(policyPlan?.changes ?? []).map((entry) => `${MARK[entry.change]} policy ${entry.name}`),
  ];
  const pending = [...(serverPlan?.changes ?? []), ...(policyPlan?.changes ?? [])].some(
    (entry) => entry.change !== 'same',
  );
  const saved: { mcpServers?: number; policies?: number } = {};
  if (apply && serverPlan) {
    // One change at a time, each against the version the one before saved.
    let version = serverPlan.version;
    for (const { name, change } of serverPlan.changes) {
      if (change === 'same') continue;
      const entry = servers.find((server) => server.alias === name) as ServerView;
      const result =
        change === 'add'
          ? await api.call<{ version: number }>('POST', '/config/mcp-servers', {
              body: { ...entry, expectedVersion: version },
            })
          : await api.call<{ version: number }>(
              'PUT',
              `/config/mcp-servers/${encodeURIComponent(name)}`,
              { body: { ...entry, alias: undefined, expectedVersion: version } },
            );
      version = result.version;
      saved.mcpServers = version;
    }
  }
  if (apply && policyPlan?.changes.some((entry) => entry.change !== 'same')) {
    const result = await api.call<{ version: number }>('POST', '/config/policies', {
      body: { sources: policyPlan.merged, expectedVersion: policyPlan.version },
    });
    saved.policies = result.version;
  }
  const footer = !pending
    ? 'The config store already holds all of it; nothing to do.'
    : apply
      ? `Saved: ${Object.entries(saved)
          .map(([key, version]) => `${key} version ${version}`)
          .join(', ')}.`
      : 'Dry run: nothing saved. Run again with --apply to save it.';
  return answer(
    context.io,
    {
      ok: true,
      applied: apply && pending,
      servers: serverPlan?.changes ?? [],
      policies: policyPlan?.changes ?? [],
      saved,
    },
    [...lines, footer].join('\n'),
  );
}
