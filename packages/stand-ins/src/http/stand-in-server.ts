import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stand-in received it, kept so tests can assert on what a client sent. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/v1/gifs/search`. */
  readonly path: string;
  /** Query parameters; a repeated parameter keeps its last value. */
  readonly query: Readonly<Record<string, string>>;
  /** Header names lower-cased, as node:http gives them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A failure the stand-in returns instead of its normal answer. `status` answers with that
 * HTTP status, the service's own error body (unless `body` is given) and, when set, a
 * `Retry-After` header. `hang` accepts the request and never answers, to exercise timeouts.
 */
export type ScriptedFailure =
  | { readonly status: number; readonly retryAfter?: number | string; readonly body?: unknown }
  | { readonly hang: true };

/** What a route answers: a JSON body or raw bytes, with a status and extra headers. */
export interface StandInReply {
  readonly status: number;
  readonly json?: unknown;
  readonly bytes?: { readonly contentType: string; readonly data: Uint8Array };
  readonly headers?: Readonly<Record<string, string>>;
}

/** The controls every stand-in shares. */
export interface StandIn {
  /** Base URL, e.g. `http://127.0.0.1:40123`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request received since start or the last `reset()`, scripted failures included. */
  readonly requests: readonly RecordedRequest[];
  /** The next `count` requests get `failure` instead of their normal answer. */
  failNext(count: number, failure: ScriptedFailure): void;
  /** Forgets recorded requests and pending scripted failures. */
  reset(): void;
  /** Stops listening and drops open connections, hung requests included. */
  close(): Promise<void>;
}

export interface StandInServerOptions {
  readonly port?: number;
  readonly host?: string;
  /** Answers a request that no scripted failure took. */
  readonly route: (request: RecordedRequest, baseUrl: string) => StandInReply;
  /** The service's error body for a scripted status without an explicit body. */
  readonly errorBody: (status: number) => unknown;
}

const MAX_BODY_BYTES = 1024 * 1024;

function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: StandInReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Uint8Array | string = '';
  if (reply.bytes) {
    headers['content-type'] = reply.bytes.contentType;
    payload = reply.bytes.data;
  } else if (reply.json !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.json);
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}

function listeningPort(address: AddressInfo | string | null): number {
  if (address && typeof address === 'object') return address.port;
  throw new Error('stand-in server is not listening on a TCP port');
}

/**
 * Starts a small node:http server on 127.0.0.1 (a free port unless one is given) that records
 * every request and lets tests script failures ahead of the service-specific `route`.
 */
export async function startStandInServer(options: StandInServerOptions): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  let baseUrl = '';

  const server = createServer((incoming, response) => {
    void (async () => {
      let body: string;
      try {
        body = await readBody(incoming);
      } catch {
        send(response, { status: 413, json: options.errorBody(413) });
        return;
      }
      const parsed = new URL(incoming.url ?? '/', baseUrl);
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers: headerRecord(incoming),
        body,
      };
      requests.push(recorded);
      const failure = failures.shift();
      if (failure && 'hang' in failure) return;
      if (failure) {
        const headers: Record<string, string> = {};
        if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
        const json = failure.body ?? options.errorBody(failure.status);
        send(response, { status: failure.status, json, headers });
        return;
      }
      try {
        send(response, options.route(recorded, baseUrl));
      } catch {
        send(response, { status: 500, json: options.errorBody(500) });
      }
    })();
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
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    port,
    requests,
    failNext(count, failure) {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    reset() {
      requests.length = 0;
      failures.length = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
