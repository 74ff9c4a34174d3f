import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RequestIdSchema } from '@agentcore/core';
import { createKey, listKeys, revokeKey, tools } from './admin-commands.js';
import { ApiClient, DEFAULT_HTTP, type HttpSettings } from './api-client.js';
import { exportAudit, verifyAudit } from './audit-commands.js';
import { cancel, decide, listApprovals, run, status, timeline } from './commands.js';
import {
  activatePolicies,
  addServer,
  disableTool,
  listServers,
  replayPolicies,
  rollbackPolicies,
  testPolicies,
  validatePolicies,
} from './config-commands.js';
import { editCall } from './edit-command.js';
import { migrateConfig } from './migrate-config.js';
import { type Context, EXIT, errorOutcome, type Io, type Outcome, UsageError } from './outcome.js';
import { secret } from './secret-command.js';
import { resolveTarget } from './target.js';
import { USAGE } from './usage.js';

export { USAGE };

const OPTIONS = {
  'api-url': { type: 'string' },
  'api-key': { type: 'string' },
  profile: { type: 'string' },
  as: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  query: { type: 'string' },
  tool: { type: 'string' },
  args: { type: 'string' },
  wait: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '3600' },
  status: { type: 'string' },
  mine: { type: 'boolean', default: false },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  comment: { type: 'string' },
  call: { type: 'string' },
  tools: { type: 'string' },
  'calls-digest': { type: 'string' },
  'user-id': { type: 'string' },
  name: { type: 'string' },
  roles: { type: 'string' },
  to: { type: 'string' },
  alias: { type: 'string' },
  command: { type: 'string' },
  url: { type: 'string' },
  env: { type: 'string', multiple: true },
  stream: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  out: { type: 'string' },
  apply: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`--${name} must be a positive whole number`);
  return number;
}

function required(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${name} is required`);
  return value;
}

/** Checked here, so a mistyped id is bad usage rather than a "not found" from the API. */
function requestIdArgument(value: string | undefined): string {
  const given = required('a request id', value);
  const parsed = RequestIdSchema.safeParse(given.trim());
  if (!parsed.success) {
    throw new UsageError(`request id ${given} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

function subcommand(command: string, given: string | undefined, known: string[]): string {
  if (given !== undefined && known.includes(given)) return given;
  throw new UsageError(
    `${command} takes ${known.map((name) => `\`${command} ${name}\``).join(', ')}${given ? `, not "${given}"` : ''}`,
  );
}

export interface CliEnvironment {
  env: Record<string, string | undefined>;
  runtimeFile: string;
  progress: (line: string) => void;
  /** Timeouts, retries and the transport; the defaults suit a terminal. */
  http?: Partial<HttpSettings>;
}

async function dispatch(context: Context, values: Values, positionals: string[]): Promise<Outcome> {
  const [command, first, second] = positionals;
  const files = positionals.slice(2);
  switch (command) {
    case 'run':
      return run(context, {
        query: values.query,
        tool: values.tool,
        args: values.args,
        wait: values.wait,
        timeoutSeconds: positiveInteger('timeout', values.timeout),
      });
    case 'status':
      return status(context, requestIdArgument(first));
    case 'secret':
      return secret(context, requestIdArgument(first));
    case 'timeline':
      return timeline(context, requestIdArgument(first));
    case 'approvals':
      subcommand('approvals', first, ['list']);
      return listApprovals(context, {
        status: values.status ?? (values.mine ? undefined : 'pending'),
        mine: values.mine,
        limit: positiveInteger('limit', values.limit ?? '25'),
        cursor: values.cursor,
      });
    case 'approve':
    case 'reject':
      if (command === 'reject' && values.tools !== undefined)
        throw new UsageError('--tools narrows an approval; a rejection runs nothing');
      return decide(context, {
        requestId: requestIdArgument(first),
        verdict: command === 'approve' ? 'approved' : 'rejected',
        comment: values.comment,
        tools: values.tools,
        callsDigest: values['calls-digest'],
      });
    case 'edit':
      return editCall(context, {
        requestId: requestIdArgument(first),
        call: values.call,
        args: values.args,
        comment: values.comment,
      });
    case 'cancel':
      return cancel(context, requestIdArgument(first));
    case 'tools':
      return tools(context);
    case 'keys':
      switch (subcommand('keys', first, ['create', 'list', 'revoke'])) {
        case 'create':
          return createKey(context, {
            userId: values['user-id'],
            name: values.name,
            roles: values.roles,
          });
        case 'list':
          return listKeys(context);
        default:
          return revokeKey(context, required('a key id', second));
      }
    case 'policy':
      switch (subcommand('policy', first, ['validate', 'test', 'replay', 'activate', 'rollback'])) {
        case 'validate':
          return validatePolicies(context, files);
        case 'test':
          return testPolicies(context, files, { tool: values.tool, args: values.args });
        case 'replay':
          return replayPolicies(
            context,
            files,
            values.limit ? positiveInteger('limit', values.limit) : undefined,
          );
        case 'activate':
          return activatePolicies(context, files);
        default:
          return rollbackPolicies(
            context,
            values.to ? positiveInteger('to', values.to) : undefined,
          );
      }
    case 'servers':
      switch (subcommand('servers', first, ['list', 'add', 'disable-tool'])) {
        case 'list':
          return listServers(context);
        case 'add':
          return addServer(context, { ...values, env: values.env ?? [] });
        default:
          return disableTool(
            context,
            required('a server alias', second),
            required('a tool name', positionals[3]),
          );
      }
    case 'audit':
      if (subcommand('audit', first, ['export', 'verify']) === 'export') {
        return exportAudit(context, values);
      }
      return verifyAudit(context, values);
    case 'migrate-config':
      return migrateConfig(context, values.apply);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Runs one command line; never throws for anything a person can cause, and says how it ended. */
export async function runCli(argv: string[], environment: CliEnvironment): Promise<Outcome> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { code: EXIT.usage, stderr: `error: ${(error as Error).message}\n\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0)
    return {
      code: positionals.length === 0 && !values.help ? EXIT.usage : EXIT.done,
      stdout: USAGE,
    };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const io: Io = {
    json: values.json,
    progress: environment.progress,
    sleep,
    now: () => Date.now(),
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFile: (path, text) => writeFileSync(path, text),
    env: environment.env,
  };
  let client: ApiClient | undefined;
  const context: Context = {
    io,
    api: () => {
      client ??= new ApiClient(
        resolveTarget(
          {
            apiUrl: values['api-url'],
            apiKey: values['api-key'],
            profile: values.profile,
            as: values.as,
          },
          environment.env,
          environment.runtimeFile,
        ),
        { ...DEFAULT_HTTP, sleep, ...environment.http },
      );
      return client;
    },
  };
  try {
    return await dispatch(context, values, positionals);
  } catch (error) {
    const outcome = errorOutcome(error, io);
    if (!outcome) throw error;
    if (error instanceof UsageError) return { ...outcome, stderr: `${outcome.stderr}\n\n${USAGE}` };
    return outcome;
  }
}
