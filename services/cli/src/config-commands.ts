import { basename } from 'node:path';
import { answer, type Context, EXIT, type Outcome, UsageError } from './outcome.js';

export interface PolicySourceFile {
  name: string;
  text: string;
}

/** Policy files as the API takes them: each named by its file name, with its text. */
export function readSources(context: Context, files: string[]): PolicySourceFile[] {
  if (files.length === 0) throw new UsageError('name at least one policy file (.cedar)');
  return files.map((file) => {
    try {
      return { name: basename(file), text: context.io.readFile(file) };
    } catch (error) {
      throw new UsageError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
  });
}

interface PolicyError {
  source: string;
  line?: number;
  column?: number;
  message: string;
}

function errorLines(errors: PolicyError[]): string {
  return errors
    .map((error) => `${error.source}:${error.line ?? 0}:${error.column ?? 0}: ${error.message}`)
    .join('\n');
}

export async function validatePolicies(context: Context, files: string[]): Promise<Outcome> {
  const sources = readSources(context, files);
  const result = await context
    .api()
    .call<{ valid: boolean; errors: PolicyError[] }>('POST', '/config/policies/validate', {
      body: { sources },
      idempotent: true,
    });
  if (result.valid) {
    return answer(context.io, { ok: true, ...result }, `${files.length} file(s) valid.`);
  }
  return answer(context.io, { ok: false, ...result }, errorLines(result.errors), EXIT.failed);
}

export async function testPolicies(
  context: Context,
  files: string[],
  call: { tool?: string; args?: string },
): Promise<Outcome> {
  if (call.tool === undefined) throw new UsageError('policy test needs --tool alias__tool');
  let args: unknown = {};
  try {
    args = JSON.parse(call.args ?? '{}');
  } catch {
    throw new UsageError(`--args is not JSON: ${call.args}`);
  }
  // Without files, the active set answers.
  const sources = files.length > 0 ? readSources(context, files) : undefined;
  const result = await context.api().call<{
    decision: DecisionView;
    tools?: { tool: string; outcome: string }[];
  }>('POST', '/config/policies/test', {
    body: {
      sources,
      request: { toolCalls: [{ tool: call.tool.replace('/', '__'), arguments: args }] },
    },
    idempotent: true,
  });
  return answer(context.io, { ok: true, ...result }, describeDecision(result.decision));
}

/** What policy decides, as the API shows it. */
interface DecisionView {
  outcome: string;
  reason?: string;
  approvers?: { userIds: string[]; groups: string[] };
  quorum?: number;
}

function describeDecision(decision: DecisionView): string {
  const reason = decision.reason ? `: ${decision.reason}` : '';
  const approvers = decision.approvers
    ? `\n  approvers ${[...decision.approvers.userIds, ...decision.approvers.groups.map((group) => `group ${group}`)].join(', ') || 'none named'}; quorum ${decision.quorum ?? 1}`
    : '';
  return `${decision.outcome}${reason}${approvers}`;
}

interface Replayed {
  evaluated: number;
  changed: { requestId: string; summary: string; before?: DecisionView; after: DecisionView }[];
}

export async function replayPolicies(
  context: Context,
  files: string[],
  limit: number | undefined,
): Promise<Outcome> {
  const sources = readSources(context, files);
  const result = await context.api().call<Replayed>('POST', '/config/policies/replay', {
    body: { sources, ...(limit !== undefined ? { limit } : {}) },
    idempotent: true,
  });
  const lines = result.changed.map(
    (change) =>
      `${change.requestId}  ${change.before?.outcome ?? '(none)'} -> ${change.after.outcome}  ${change.summary}`,
  );
  return answer(
    context.io,
    { ok: true, ...result },
    [
      `${result.evaluated} recent request(s) evaluated; ${result.changed.length} would change.`,
      ...lines,
    ].join('\n'),
  );
}

export async function activatePolicies(context: Context, files: string[]): Promise<Outcome> {
  const sources = readSources(context, files);
  const result = await context
    .api()
    .call<{ version: number }>('POST', '/config/policies', { body: { sources } });
  return answer(
    context.io,
    { ok: true, ...result },
    `Policies version ${result.version} is active; \`hitl-mcp policy rollback\` restores the one before.`,
  );
}

export async function rollbackPolicies(context: Context, toVersion?: number): Promise<Outcome> {
  const result = await context
    .api()
    .call<{ version: number }>('POST', '/config/policies/rollback', {
      body: toVersion !== undefined ? { toVersion } : {},
    });
  return answer(
    context.io,
    { ok: true, ...result },
    `Policies version ${result.version} is active.`,
  );
}

/** A server as the API shows it (the config store's entry form; secret values masked). */
export interface ServerView {
  alias: string;
  enabled?: boolean;
  disabledTools?: string[];
  command?: string;
  args?: string[];
  path?: string;
  url?: string;
  builtin?: string;
  builtIn?: boolean;
  [field: string]: unknown;
}

function whereServer(server: ServerView): string {
  if (server.url) return server.url;
  if (server.path) return server.path;
  if (server.builtin) return `built in (${server.builtin})`;
  return [server.command, ...(server.args ?? [])].filter(Boolean).join(' ');
}

export async function listServers(context: Context): Promise<Outcome> {
  const result = await context
    .api()
    .call<{ version: number; servers: ServerView[] }>('GET', '/config/mcp-servers');
  const lines = result.servers.map((server) => {
    const disabled = server.disabledTools?.length
      ? `  disabled: ${server.disabledTools.join(', ')}`
      : '';
    const state = server.enabled === false ? 'disabled' : 'enabled';
    return `${server.alias.padEnd(14)} ${state.padEnd(9)} ${whereServer(server)}${disabled}`;
  });
  return answer(
    context.io,
    { ok: true, ...result },
    [`MCP servers, version ${result.version}:`, ...(lines.length ? lines : ['  none'])].join('\n'),
  );
}

export interface AddServerOptions {
  alias?: string;
  command?: string;
  args?: string;
  url?: string;
  env: string[];
}

export async function addServer(context: Context, options: AddServerOptions): Promise<Outcome> {
  if (!options.alias) throw new UsageError('servers add needs --alias');
  if ((options.command === undefined) === (options.url === undefined)) {
    throw new UsageError('servers add needs exactly one of --command or --url');
  }
  const env: Record<string, string> = {};
  for (const pair of options.env) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--env takes NAME=value, not ${pair}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const body = options.url
    ? { alias: options.alias, url: options.url }
    : {
        alias: options.alias,
        command: options.command,
        args: options.args ? options.args.split(',') : [],
        env,
      };
  const result = await context
    .api()
    .call<{ version: number }>('POST', '/config/mcp-servers', { body });
  return answer(
    context.io,
    { ok: true, ...result },
    `Server ${options.alias} added (MCP servers version ${result.version}); \`hitl-mcp tools\` lists its tools.`,
  );
}

export async function disableTool(context: Context, alias: string, tool: string): Promise<Outcome> {
  const api = context.api();
  const current = await api.call<{ version: number; servers: ServerView[] }>(
    'GET',
    '/config/mcp-servers',
  );
  const server = current.servers.find((entry) => entry.alias === alias);
  if (!server) {
    const known = current.servers.map((entry) => entry.alias).join(', ') || 'none';
    throw new UsageError(`no MCP server "${alias}" (servers: ${known})`);
  }
  const name = tool.includes('__') || tool.includes('/') ? tool.replace('/', '__') : tool;
  const disabledTools = [...new Set([...(server.disabledTools ?? []), name])];
  const result = await api.call<{ version: number }>(
    'PATCH',
    `/config/mcp-servers/${encodeURIComponent(alias)}`,
    { body: { disabledTools }, idempotent: true },
  );
  return answer(
    context.io,
    { ok: true, ...result },
    `${alias}: ${disabledTools.join(', ')} disabled (MCP servers version ${result.version}); no request can call ${disabledTools.length > 1 ? 'them' : 'it'}.`,
  );
}
