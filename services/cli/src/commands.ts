import { isTerminal, type RequestStatus } from '@agentcore/core';
import type { AuditEntry, RequestView } from '@agentcore/workflow';
import { renderList, renderRequest, renderTimeline } from './render.js';
import type { Answer, RequestsClient } from './requests-client.js';

/** How a command ended: what to print, where, and the exit code. */
export interface Outcome {
  code: number;
  stdout?: string;
  stderr?: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Io {
  json: boolean;
  progress: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

function failure(answer: Extract<Answer<object>, { ok: false }>, io: Io): Outcome {
  if (io.json)
    return {
      code: answer.error.code === 'validation_failed' ? 2 : 1,
      stdout: JSON.stringify(answer),
    };
  const details = (answer.error.issues ?? []).map(
    (issue) => `  ${issue.path || '(input)'}: ${issue.message}`,
  );
  return {
    code: answer.error.code === 'validation_failed' ? 2 : 1,
    stderr: [`error: ${answer.error.message}`, ...details].join('\n'),
  };
}

function requestOutcome(request: RequestView, io: Io): Outcome {
  const ended = isTerminal(request.status as RequestStatus);
  const code = ended && request.status !== 'completed' ? 1 : 0;
  return { code, stdout: io.json ? JSON.stringify({ ok: true, request }) : renderRequest(request) };
}

export interface RunOptions {
  userId: string;
  query?: string;
  tool?: string;
  args?: string;
  environment?: string;
  category?: string;
  resource?: string;
  wait: boolean;
  timeoutSeconds: number;
}

function toolCalls(options: RunOptions) {
  if (options.args !== undefined && options.tool === undefined)
    throw new UsageError('--args needs --tool');
  if (options.tool === undefined) return undefined;
  let args: unknown = {};
  if (options.args !== undefined) {
    try {
      args = JSON.parse(options.args);
    } catch {
      throw new UsageError(`--args is not JSON: ${options.args}`);
    }
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new UsageError('--args must be a JSON object, e.g. --args \'{"query":"cats"}\'');
  }
  return [{ tool: options.tool.replace('/', '__'), arguments: args as Record<string, unknown> }];
}

export async function run(client: RequestsClient, options: RunOptions, io: Io): Promise<Outcome> {
  const calls = toolCalls(options);
  if (options.query === undefined && calls === undefined) {
    throw new UsageError(
      'give --query "…", or --tool alias__tool with --args \'{…}\' (direct mode)',
    );
  }
  const answer = await client.call<{ requestId: string; executionArn: string }>({
    operation: 'submit',
    request: {
      requester: { userId: options.userId },
      origin: { source: 'cli' },
      query: options.query,
      environment: options.environment,
      category: options.category as never,
      resource: options.resource,
      toolCalls: calls,
    },
  });
  if (!answer.ok) return failure(answer, io);
  if (!options.wait) {
    return {
      code: 0,
      stdout: io.json ? JSON.stringify(answer) : `Request ${answer.requestId} submitted.`,
    };
  }
  io.progress(`Request ${answer.requestId} submitted; waiting for it to finish…`);
  return follow(client, answer.requestId, options.timeoutSeconds, io);
}

/** Polls a request until it ends, reporting each status it passes through. */
async function follow(
  client: RequestsClient,
  requestId: string,
  timeoutSeconds: number,
  io: Io,
): Promise<Outcome> {
  const deadline = io.now() + timeoutSeconds * 1000;
  let last = '';
  for (;;) {
    const answer = await client.call<{ request: RequestView }>({
      operation: 'get_request',
      requestId,
    });
    if (!answer.ok) return failure(answer, io);
    const { request } = answer;
    if (request.status !== last) {
      last = request.status;
      io.progress(
        request.status === 'pending'
          ? `  pending: waiting for approval (${request.policy?.reason ?? 'approval required'})`
          : `  ${request.status}`,
      );
    }
    if (isTerminal(request.status as RequestStatus)) return requestOutcome(request, io);
    if (io.now() >= deadline) {
      return {
        code: 1,
        stderr: `gave up waiting after ${timeoutSeconds} s; request ${requestId} is ${request.status}`,
      };
    }
    await io.sleep(500);
  }
}

export async function status(client: RequestsClient, requestId: string, io: Io): Promise<Outcome> {
  const answer = await client.call<{ request: RequestView }>({
    operation: 'get_request',
    requestId,
  });
  return answer.ok ? requestOutcome(answer.request, io) : failure(answer, io);
}

export async function timeline(
  client: RequestsClient,
  requestId: string,
  io: Io,
): Promise<Outcome> {
  const answer = await client.call<{ requestId: string; events: AuditEntry[] }>({
    operation: 'get_timeline',
    requestId,
  });
  if (!answer.ok) return failure(answer, io);
  return {
    code: 0,
    stdout: io.json ? JSON.stringify(answer) : renderTimeline(answer.requestId, answer.events),
  };
}

export async function listApprovals(
  client: RequestsClient,
  options: { status: string; limit: number },
  io: Io,
): Promise<Outcome> {
  const answer = await client.call<{ requests: RequestView[]; nextCursor?: string }>({
    operation: 'list_requests',
    status: options.status as RequestStatus,
    limit: options.limit,
  });
  if (!answer.ok) return failure(answer, io);
  return { code: 0, stdout: io.json ? JSON.stringify(answer) : renderList(answer.requests) };
}

export interface DecideOptions {
  requestId: string;
  approver: string;
  verdict: 'approved' | 'rejected';
  comment?: string;
  tools?: string;
}

export async function decide(
  client: RequestsClient,
  options: DecideOptions,
  io: Io,
): Promise<Outcome> {
  const answer = await client.call<{ request: RequestView }>({
    operation: 'record_decision',
    decision: {
      requestId: options.requestId,
      approver: options.approver,
      verdict: options.verdict,
      comment: options.comment,
      allowedTools: options.tools?.split(',').map((tool) => tool.trim().replace('/', '__')),
    },
  });
  if (!answer.ok) return failure(answer, io);
  const { request } = answer;
  if (io.json) return { code: 0, stdout: JSON.stringify(answer) };
  const recorded =
    request.status === 'pending'
      ? `Your approval is recorded: ${request.votes.length} of ${request.policy?.quorum ?? 1} so far.`
      : `Request ${request.requestId} is ${request.status}.`;
  return { code: 0, stdout: `${recorded}\n${renderRequest(request)}` };
}
