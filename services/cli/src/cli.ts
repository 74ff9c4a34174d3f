import { parseArgs } from 'node:util';
import {
  decide,
  type Io,
  listApprovals,
  type Outcome,
  run,
  status,
  timeline,
  UsageError,
} from './commands.js';
import { InvokeError, RequestsClient } from './requests-client.js';
import { resolveTarget, TargetError } from './target.js';

export const USAGE = `hitl-mcp: ask for actions, and approve or reject them

  hitl-mcp run --user-id ID (--query "…" | --tool alias__tool [--args '{…}'])
               [--environment ENV] [--category CATEGORY] [--resource R] [--wait] [--timeout SECONDS] [--json]
  hitl-mcp approvals list [--status pending] [--limit N] [--json]
  hitl-mcp approve REQUEST_ID --as APPROVER [--comment "…"] [--tools a__x,b__y] [--json]
  hitl-mcp reject REQUEST_ID --as APPROVER [--comment "…"] [--json]
  hitl-mcp status REQUEST_ID [--json]
  hitl-mcp timeline REQUEST_ID [--json]

Targets the local runtime (npm start) unless HITL_REQUESTS_FUNCTION names a deployed
request API function (with AWS_REGION and the usual AWS credentials).
Exit codes: 0 done, 1 the request was denied, rejected, expired or failed (or an error), 2 bad usage.`;

const OPTIONS = {
  'user-id': { type: 'string' },
  query: { type: 'string' },
  tool: { type: 'string' },
  args: { type: 'string' },
  environment: { type: 'string' },
  category: { type: 'string' },
  resource: { type: 'string' },
  wait: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '3600' },
  json: { type: 'boolean', default: false },
  status: { type: 'string', default: 'pending' },
  limit: { type: 'string', default: '25' },
  as: { type: 'string' },
  comment: { type: 'string' },
  tools: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`--${name} must be a positive whole number`);
  return number;
}

function required(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export interface CliEnvironment {
  env: Record<string, string | undefined>;
  runtimeFile: string;
  progress: (line: string) => void;
}

/** Runs one command line; never throws, always says how it ended. */
export async function runCli(argv: string[], environment: CliEnvironment): Promise<Outcome> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { code: 2, stderr: `error: ${(error as Error).message}\n\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  const [command, argument] = positionals;
  if (values.help || command === undefined)
    return { code: command === undefined && !values.help ? 2 : 0, stdout: USAGE };
  const io: Io = {
    json: values.json,
    progress: environment.progress,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  };
  let client: RequestsClient | undefined;
  try {
    const connect = () => {
      client = new RequestsClient(resolveTarget(environment.env, environment.runtimeFile));
      return client;
    };
    switch (command) {
      case 'run':
        return await run(
          connect(),
          {
            userId: required('user-id', values['user-id']),
            query: values.query,
            tool: values.tool,
            args: values.args,
            environment: values.environment,
            category: values.category,
            resource: values.resource,
            wait: values.wait,
            timeoutSeconds: positiveInteger('timeout', values.timeout),
          },
          io,
        );
      case 'approvals':
        if (argument !== 'list') throw new UsageError('did you mean `hitl-mcp approvals list`?');
        return await listApprovals(
          connect(),
          { status: values.status, limit: positiveInteger('limit', values.limit) },
          io,
        );
      case 'approve':
      case 'reject':
        return await decide(
          connect(),
          {
            requestId: required('request id', argument),
            approver: required('as', values.as),
            verdict: command === 'approve' ? 'approved' : 'rejected',
            comment: values.comment,
            tools: values.tools,
          },
          io,
        );
      case 'status':
        return await status(connect(), required('request id', argument), io);
      case 'timeline':
        return await timeline(connect(), required('request id', argument), io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError)
      return { code: 2, stderr: `error: ${error.message}\n\n${USAGE}` };
    if (error instanceof TargetError || error instanceof InvokeError)
      return { code: 1, stderr: `error: ${error.message}` };
    throw error;
  } finally {
    client?.close();
  }
}
