import { randomUUID } from 'node:crypto';
import {
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { eventFrame, exceptionFrame } from './frames.js';
import {
  type BedrockScriptedTurn,
  partialEvents,
  type RenderOptions,
  replyBody,
  replyEvents,
  unaryErrorOf,
} from './script.js';
import { validateConverseRequest } from './validate.js';

/** One Converse or ConverseStream call as the stand-in received it. */
export interface BedrockRecordedRequest {
  readonly operation: 'converse' | 'converse-stream';
  /** The model id from the path, URL-decoded. */
  readonly modelId: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body as sent, or the raw text when it was not JSON. */
  readonly body: unknown;
}

export interface BedrockStandInOptions {
  readonly port?: number;
  readonly host?: string;
  /**
   * Answers a request when no scripted turn is left, e.g. a demo model for `npm start`.
   * Without it such a request gets a 400 ValidationException saying the script ran out.
   */
  readonly respond?: (request: BedrockRecordedRequest) => BedrockScriptedTurn;
  /** Characters per streamed text delta (default 5). */
  readonly textChunk?: number;
  /** Characters per streamed tool input fragment (default 7, so JSON is split mid-token). */
  readonly inputChunk?: number;
}

/** A local Bedrock Runtime speaking Converse and ConverseStream over HTTP/2 cleartext. */
export interface BedrockStandIn {
  /** Endpoint for `new BedrockRuntimeClient({ endpoint })`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  /** Every request received since start or the last `reset()`, rejected ones included. */
  readonly requests: readonly BedrockRecordedRequest[];
  /** Scripted turns not used yet. */
  readonly pendingTurns: number;
  /** Queues turns; each accepted request takes the next one. */
  script(turns: readonly BedrockScriptedTurn[]): void;
  /** Forgets recorded requests and queued turns, and numbers tool calls from 1 again. */
  reset(): void;
  /** Stops listening and closes open HTTP/2 sessions. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream)$/;

function headerRecord(request: Http2ServerRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(request: Http2ServerRequest): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function sendError(
  response: Http2ServerResponse,
  status: number,
  errorType: string,
  message: string,
): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': errorType,
    'x-amzn-requestid': randomUUID(),
  });
  response.end(JSON.stringify({ message }));
}

function listeningPort(address: AddressInfo | string | null): number {
  if (address && typeof address === 'object') return address.port;
  throw new Error('Bedrock stand-in is not listening on a TCP port');
}

/**
 * Starts a Bedrock Runtime stand-in on `http2.createServer()` (h2c), because the SDK's default
 * NodeHttp2Handler cannot talk to a plain HTTP/1.1 server. ConverseStream answers are real
 * `application/vnd.amazon.eventstream` frames, so the real `BedrockRuntimeClient` parses them.
 * Requests are checked the way Bedrock checks them (alternating roles, toolConfig present when
 * the history has tool blocks, a toolResult for every toolUse) before a turn is used.
 */
export async function startBedrockStandIn(
  options: BedrockStandInOptions = {},
): Promise<BedrockStandIn> {
  const requests: BedrockRecordedRequest[] = [];
  const turns: BedrockScriptedTurn[] = [];
  const sessions = new Set<Http2Session>();
  let toolUseCounter = 0;
  const textChunk = options.textChunk ?? 5;
  const inputChunk = options.inputChunk ?? 7;

  const nextTurn = (recorded: BedrockRecordedRequest): BedrockScriptedTurn =>
    turns.shift() ??
    options.respond?.(recorded) ?? {
      kind: 'error',
      status: 400,
      errorType: 'ValidationException',
      message: 'The Bedrock stand-in has no scripted turn left for this request.',
    };

  const handle = async (request: Http2ServerRequest, response: Http2ServerResponse) => {
    const route = ROUTE.exec(request.url.split('?')[0] ?? '');
    if (request.method !== 'POST' || !route) {
      sendError(response, 404, 'UnknownOperationException', 'Unknown operation.');
      return;
    }
    const text = await readBody(request);
    if (text === undefined) {
      sendError(response, 413, 'ValidationException', 'The request body is too large.');
      return;
    }
    const json = parseJson(text);
    const recorded: BedrockRecordedRequest = {
      operation: route[2] === 'converse' ? 'converse' : 'converse-stream',
      modelId: decodeURIComponent(route[1] ?? ''),
      headers: headerRecord(request),
      body: json.ok ? json.value : text,
    };
    requests.push(recorded);
    if (recorded.headers.authorization === undefined) {
      sendError(
        response,
        403,
        'MissingAuthenticationTokenException',
        'Missing Authentication Token',
      );
      return;
    }
    if (!json.ok) {
      sendError(response, 400, 'SerializationException', 'The request body is not valid JSON.');
      return;
    }
    const validation = validateConverseRequest(recorded.modelId, json.value);
    if (!validation.ok) {
      sendError(response, 400, 'ValidationException', validation.message);
      return;
    }
    const turn = nextTurn(recorded);
    const render: RenderOptions = {
      textChunk,
      inputChunk,
      nextToolUseId: () => {
        toolUseCounter += 1;
        return `tooluse_standin_${toolUseCounter}`;
      },
      inputTokens: Math.max(1, Math.ceil(text.length / 4)),
    };
    if (turn.kind === 'error') {
      sendError(response, turn.status, turn.errorType, turn.message);
      return;
    }
    if (recorded.operation === 'converse') {
      if (turn.kind === 'stream-exception') {
        const [status, errorType] = unaryErrorOf(turn.exception);
        sendError(response, status, errorType, turn.message);
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-amzn-requestid': randomUUID(),
      });
      response.end(JSON.stringify(replyBody(turn, render)));
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': randomUUID(),
    });
    const events =
      turn.kind === 'reply'
        ? replyEvents(turn, render)
        : partialEvents(turn.partialText, textChunk);
    for (const event of events) response.write(eventFrame(event.type, event.payload));
    if (turn.kind === 'stream-exception') {
      response.write(exceptionFrame(turn.exception, turn.message));
    }
    response.end();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) {
        sendError(response, 500, 'InternalServerException', 'The stand-in failed.');
      } else {
        response.end();
      }
    });
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = listeningPort(server.address());

  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    get pendingTurns() {
      return turns.length;
    },
    script(next) {
      turns.push(...next);
    },
    reset() {
      requests.length = 0;
      turns.length = 0;
      toolUseCounter = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const session of sessions) session.destroy();
      });
    },
  };
}
