import { ValidationError } from '@agentcore/core';
import {
  McpConfigError,
  type McpServerDefinition,
  parseServerEntries,
  ServerAliasSchema,
} from '@agentcore/mcp';
import * as z from 'zod';

/** What the API shows in place of a secret value: that it is set, never what it is. */
export const SECRET_SET = '(set)';

/**
 * One MCP server as the config store keeps it (the seed's entry form): exactly one of `command`,
 * `path`, `url` or `builtin`; `env` and `headers` hold secrets and are never shown.
 */
export interface ServerEntry {
  alias: string;
  enabled: boolean;
  disabledTools: string[];
  command?: string;
  path?: string;
  url?: string;
  builtin?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  headers?: Record<string, string>;
}

/** The canonical entry of a definition, as saved back to the store. */
export function toEntry(definition: McpServerDefinition): ServerEntry {
  const base = {
    alias: definition.alias,
    enabled: definition.enabled,
    disabledTools: [...definition.disabledTools],
  };
  const transport = definition.transport;
  switch (transport.type) {
    case 'stdio':
      return {
        ...base,
        command: transport.command,
        args: [...transport.args],
        env: { ...transport.env },
        ...(transport.cwd ? { cwd: transport.cwd } : {}),
      };
    case 'script':
      return {
        ...base,
        path: transport.path,
        args: [...transport.args],
        env: { ...transport.env },
      };
    case 'http':
      return { ...base, url: transport.url, headers: { ...transport.headers } };
    case 'in-memory':
      return { ...base, builtin: transport.builtin };
  }
}

/** The saved value (`{servers: [...]}` or a bare array), checked, as canonical entries. */
export function readEntries(value: unknown): ServerEntry[] {
  return parseServerEntries(value).map(toEntry);
}

/** Checks entries as the MCP client will read them; a problem is a 400 naming it. */
export function checkEntries(entries: readonly ServerEntry[], builtinNames: readonly string[]) {
  try {
    parseServerEntries(entries);
  } catch (error) {
    if (!(error instanceof McpConfigError)) throw error;
    throw new ValidationError('body', [{ path: '', message: error.message }]);
  }
  for (const entry of entries) {
    if (entry.builtin !== undefined && !builtinNames.includes(entry.builtin)) {
      throw new ValidationError('body', [
        {
          path: 'builtin',
          message: `no built-in server is named '${entry.builtin}' (there are ${builtinNames.join(', ')})`,
        },
      ]);
    }
  }
}

/** A URL as shown: a password or user name in it is a secret too. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = SECRET_SET;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

const masked = (values: Record<string, string>) =>
  Object.fromEntries(Object.keys(values).map((name) => [name, SECRET_SET]));

/** An entry as the API shows it: environment and header values replaced by `(set)`. */
export function entryView(entry: ServerEntry, builtIn: boolean, configured: boolean) {
  const { env, headers, url, ...rest } = entry;
  return {
    ...rest,
    ...(url !== undefined ? { url: shownUrl(url) } : {}),
    ...(env !== undefined ? { env: masked(env) } : {}),
    ...(headers !== undefined ? { headers: masked(headers) } : {}),
    builtIn,
    configured,
  };
}
export type ServerView = ReturnType<typeof entryView>;

const EnvNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be a variable name');
/** A secret as sent: a value, or `(set)` / null for "keep the stored one". */
const SecretValueSchema = z.string().max(8_192).nullable();

/** A server as POST and PUT take it (PUT takes the alias from the path). */
export const ServerBodySchema = z.strictObject({
  alias: ServerAliasSchema.optional(),
  command: z.string().min(1).max(1_024).optional(),
  path: z.string().min(1).max(1_024).optional(),
  url: z.string().min(1).max(2_048).optional(),
  builtin: z.string().min(1).max(64).optional(),
  args: z.array(z.string().max(4_096)).max(100).optional(),
  env: z.record(EnvNameSchema, SecretValueSchema).optional(),
  cwd: z.string().min(1).max(1_024).optional(),
  headers: z.record(z.string().min(1).max(256), SecretValueSchema).optional(),
  enabled: z.boolean().optional(),
  disabledTools: z.array(z.string().min(1).max(256)).max(500).optional(),
  /** The version this change was made against; a newer saved version refuses it (409). */
  expectedVersion: z.number().int().min(0).optional(),
});
export type ServerBody = z.output<typeof ServerBodySchema>;

/**
 * Secret values as sent, with `(set)` or null meaning "keep the stored one". Names left out are
 * removed; leaving the whole map out keeps every stored value.
 */
export function mergeSecrets(
  field: 'env' | 'headers',
  given: Readonly<Record<string, string | null>> | undefined,
  stored: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (given === undefined) return stored === undefined ? undefined : { ...stored };
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value !== null && value !== SECRET_SET) {
      merged[name] = value;
      continue;
    }
    const kept = stored !== undefined && Object.hasOwn(stored, name) ? stored[name] : undefined;
    if (kept === undefined) {
      throw new ValidationError('body', [
        { path: `${field}.${name}`, message: 'has no stored value to keep: give the value' },
      ]);
    }
    merged[name] = kept;
  }
  return merged;
}

/** The entry a POST or PUT body describes; secrets not given are taken from `stored`. */
export function entryFromBody(alias: string, body: ServerBody, stored?: ServerEntry): ServerEntry {
  const env = mergeSecrets('env', body.env, stored?.env);
  const headers = mergeSecrets('headers', body.headers, stored?.headers);
  const entry: ServerEntry = {
    alias,
    enabled: body.enabled ?? stored?.enabled ?? true,
    disabledTools: body.disabledTools ?? stored?.disabledTools ?? [],
    ...(body.command !== undefined ? { command: body.command } : {}),
    ...(body.path !== undefined ? { path: body.path } : {}),
    ...(body.url !== undefined ? { url: body.url } : {}),
    ...(body.builtin !== undefined ? { builtin: body.builtin } : {}),
    ...(body.args !== undefined ? { args: body.args } : {}),
    ...(body.cwd !== undefined ? { cwd: body.cwd } : {}),
  };
  // Only the transports that take them carry environment or headers.
  if (entry.command !== undefined || entry.path !== undefined) {
    if (env !== undefined) entry.env = env;
  } else if (body.env !== undefined && Object.keys(body.env).length > 0) {
    throw new ValidationError('body', [
      { path: 'env', message: 'only command and path servers take an environment' },
    ]);
  }
  if (entry.url !== undefined) {
    if (headers !== undefined) entry.headers = headers;
  } else if (body.headers !== undefined && Object.keys(body.headers).length > 0) {
    throw new ValidationError('body', [
      { path: 'headers', message: 'only url servers take headers' },
    ]);
  }
  return entry;
}
