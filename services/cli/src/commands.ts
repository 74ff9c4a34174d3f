import { isTerminal, type RequestStatus } from '@agentcore/core';
import type { AuditEntry, RequestView } from '@agentcore/workflow';
import { ApiError, ConnectionError } from './api-client.js';
import { answer, type Context, EXIT, type Outcome, UsageError } from './outcome.js';
import { describeStreamEvent, renderList, renderRequest, renderTimeline } from './render.js';
import { withSecret } from './secret-command.js';
import { readEvents } from './sse.js';

export interface RunOptions {
  query?: string;
  tool?: string;
  args?: string;
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

const path = (requestId: string, rest = '') => `/requests/${encodeURIComponent(requestId)}${rest}`;

function requestOutcome(context: Context, request: RequestView): Outcome {
  const ended = isTerminal(request.status as RequestStatus);
  const code = ended && request.status !== 'completed' ? EXIT.failed : EXIT.done;
  return answer(context.io, { ok: true, request }, renderRequest(request), code);
}

/** `POST /requests`: the requester is whoever the key belongs to. */
export async function run(context: Context, options: RunOptions): Promise<Outcome> {
  const calls = toolCalls(options);
  if (options.query === undefined && calls === undefined) {
    throw new UsageError(
      'give --query "…", or --tool alias__tool with --args \'{…}\' (direct mode)',
    );
  }
  const submitted = await context
    .api()
    .call<{ requestId: string; status: string }>('POST', '/requests', {
      body: {
        query: options.query,
        toolCalls: calls,
      },
    });
  if (!options.wait) {
    return answer(
      context.io,
      { ok: true, ...submitted },
      `Request ${submitted.requestId} submitted.\n` +
        `Follow it with \`hitl-mcp status ${submitted.requestId}\` or \`hitl-mcp timeline ${submitted.requestId}\`.`,
    );
  }
  context.io.progress(`Request ${submitted.requestId} submitted; waiting for it to finish…`);
  return follow(context, submitted.requestId, options.timeoutSeconds);
}

/**
 * Prints a request's events as they come; true when the stream reached the end of the request,
 * false when the server closed it first (its own time limit). Each stream starts from the
 * request's first event, so the `printed` first ones of a stream opened again are skipped.
 */
async function printEvents(
  context: Context,
  requestId: string,
  signal: AbortSignal,
  printed: { count: number },
): Promise<boolean> {
  const response = await context.api().stream(path(requestId, '/events'), signal);
  let index = 0;
  for await (const event of readEvents(response.body as ReadableStream<Uint8Array>)) {
    // The server's note that its time is up is no step of the request: the stream opens again.
    if (event.event === 'status' && event.data.note !== undefined) continue;
    index += 1;
    if (index > printed.count) {
      printed.count = index;
      const line = describeStreamEvent(event);
      if (line) context.io.progress(`  ${line}`);
    }
    if (event.event === 'final') return true;
  }
  return false;
}

/**
 * Follows a request's event stream, printing each step, until it ends (opening it again when the
 * server closes it early); when the stream breaks, polls the request instead. Ends with the
 * request's final state, or says it gave up at the deadline.
 */
async function follow(
  context: Context,
  requestId: string,
  timeoutSeconds: number,
): Promise<Outcome> {
  const { io } = context;
  const deadline = io.now() + timeoutSeconds * 1000;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutSeconds * 1000);
  const printed = { count: 0 };
  try {
    while (!(await printEvents(context, requestId, stop.signal, printed))) {
      if (io.now() >= deadline) break;
      await io.sleep(250);
    }
  } catch (error) {
    // A broken or timed-out stream is not the request's fate: polling below says what it is.
    const broken = error instanceof ConnectionError || error instanceof TypeError;
    if (!broken && !stop.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  for (;;) {
    const { request } = await context.api().call<{ request: RequestView }>('GET', path(requestId));
    if (isTerminal(request.status as RequestStatus)) {
      return withSecret(context, request, requestOutcome(context, request));
    }
    if (io.now() >= deadline) {
      return {
        code: EXIT.failed,
        stderr: `gave up waiting after ${timeoutSeconds} s; request ${requestId} is ${request.status} (\`hitl-mcp status ${requestId}\` to look again)`,
      };
    }
    await io.sleep(500);
  }
}

export async function status(context: Context, requestId: string): Promise<Outcome> {
  const { request } = await context.api().call<{ request: RequestView }>('GET', path(requestId));
  return requestOutcome(context, request);
}

export async function timeline(context: Context, requestId: string): Promise<Outcome> {
  const answered = await context
    .api()
    .call<{ requestId: string; events: AuditEntry[] }>('GET', path(requestId, '/timeline'));
  return answer(
    context.io,
    { ok: true, ...answered },
    renderTimeline(answered.requestId, answered.events),
  );
}

export interface ListOptions {
  status?: string;
  mine: boolean;
  limit: number;
  cursor?: string;
}

export async function listApprovals(context: Context, options: ListOptions): Promise<Outcome> {
  const page = await context
    .api()
    .call<{ requests: RequestView[]; nextCursor?: string }>('GET', '/requests', {
      query: {
        status: options.status,
        mine: options.mine ? 'true' : undefined,
        limit: options.limit,
        cursor: options.cursor,
      },
    });
  const more = page.nextCursor ? `\nMore: --cursor ${page.nextCursor}` : '';
  return answer(context.io, { ok: true, ...page }, `${renderList(page.requests)}${more}`);
}

export interface DecideOptions {
  requestId: string;
  verdict: 'approved' | 'rejected';
  comment?: string;
  tools?: string;
  /** The calls' digest as the approver read them (`status`); read now when absent. */
  callsDigest?: string;
}

/**
 * The calls' digest as they stand, to bind a vote to; undefined when the caller may not read the
 * request (the decision itself then says why they may not decide it).
 */
async function currentCallsDigest(context: Context, requestId: string) {
  try {
    const { request } = await context.api().call<{ request: RequestView }>('GET', path(requestId));
    return request.callsDigest;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return undefined;
    throw error;
  }
}

/**
 * `POST /requests/{id}/decision`: the approver is whoever the key belongs to, and the vote is
 * bound to the calls as read (refused if someone edits them in between).
 */
export async function decide(context: Context, options: DecideOptions): Promise<Outcome> {
  const callsDigest = options.callsDigest ?? (await currentCallsDigest(context, options.requestId));
  const { request } = await context
    .api()
    .call<{ request: RequestView }>('POST', path(options.requestId, '/decision'), {
      body: {
        callsDigest,
        verdict: options.verdict,
        comment: options.comment,
        allowedTools: options.tools?.split(',').map((tool) => tool.trim().replace('/', '__')),
      },
      // The same approver deciding again is handed over again, never counted twice.
      idempotent: true,
    });
  const recorded =
    request.status === 'pending'
      ? `Your approval is recorded: ${request.votes.length} of ${request.policy?.quorum ?? 1} so far.`
      : `Request ${request.requestId} is ${request.status}.`;
  return answer(context.io, { ok: true, request }, `${recorded}\n${renderRequest(request)}`);
}

/** `POST /requests/{id}/cancel`: the requester withdraws a request still waiting for approval. */
export async function cancel(context: Context, requestId: string): Promise<Outcome> {
  const { request } = await context
    .api()
    .call<{ request: RequestView }>('POST', path(requestId, '/cancel'));
  return answer(
    context.io,
    { ok: true, request },
    `Request ${request.requestId} is ${request.status}.\n${renderRequest(request)}`,
  );
}
