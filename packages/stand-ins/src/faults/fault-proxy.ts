import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsFault } from './aws-faults.js';

export interface FaultProxyOptions {
  /** Where requests go unless scripted to fail, e.g. `http://127.0.0.1:8000` (http only). */
  readonly target: string;
  readonly port?: number;
  /** Service name for Query-protocol requests whose `Version` is not a known one (SNS's is). */
  readonly queryService?: string;
}

/**
 * A loopback HTTP proxy in front of an AWS-speaking endpoint. It forwards every request as it
 * came (method, path, headers including `host` and the SigV4 `authorization`, body) and streams
 * the reply back, except requests to an operation a test scripted to fail, which get that
 * service's own error reply instead. Operations are named `Service.Operation`, e.g.
 * `DynamoDB.TransactWriteItems`, `StepFunctions.SendTaskSuccess`, `SNS.Publish`.
 */
export interface FaultProxy {
  /** Base URL, e.g. `http://127.0.0.1:40123`: an SDK client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /**
   * The next `count` requests to `operation` get `fault` instead of being forwarded; with
   * `bodyContains`, only requests whose body contains that text (e.g. one item's key).
   */
  failNext(
    operation: string,
    count: number,
    fault: AwsFault,
    options?: { bodyContains?: string },
  ): void;
  /** How many requests to `operation` arrived since start or `reset()`, failed or forwarded. */
  calls(operation: string): number;
  /** Forgets counts and pending scripted faults. */
  reset(): void;
  /** Stops listening and drops open connections, both sides. */
  close(): Promise<void>;
}

// Request bodies are buffered to read the Query `Action`; DynamoDB's largest requests are 16 MB.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

// The AWS JSON protocol's `X-Amz-Target` prefixes, and the Query protocol's API versions.
const JSON_TARGET_SERVICES: Readonly<Record<string, string>> = {
  DynamoDB_20120810: 'DynamoDB',
  AWSStepFunctions: 'StepFunctions',
};
const QUERY_VERSION_SERVICES: Readonly<Record<string, string>> = { '2010-03-31': 'SNS' };

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Service.Operation` from the wire, or undefined when the request is not a recognised AWS call. */
function operationOf(
  request: IncomingMessage,
  body: Buffer,
  queryService: string | undefined,
): string | undefined {
  const target = headerValue(request, 'x-amz-target');
  if (target) {
    const dot = target.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const prefix = target.slice(0, dot);
    return `${JSON_TARGET_SERVICES[prefix] ?? prefix}.${target.slice(dot + 1)}`;
  }
  const url = new URL(request.url ?? '/', 'http://proxy.invalid');
  const isForm = headerValue(request, 'content-type')?.startsWith(
    'application/x-www-form-urlencoded',
  );
  const params = isForm ? new URLSearchParams(body.toString('utf8')) : url.searchParams;
  const action = params.get('Action');
  if (!action) return undefined;
  const version = params.get('Version') ?? '';
  return `${QUERY_VERSION_SERVICES[version] ?? queryService ?? 'Query'}.${action}`;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function sendFault(response: ServerResponse, fault: AwsFault): void {
  const requestId = randomUUID();
  const body = Buffer.from(fault.body(requestId), 'utf8');
  response.writeHead(fault.status, {
    'x-amzn-RequestId': requestId,
    'Content-Type': fault.contentType,
    'Content-Length': String(body.length),
  });
  response.end(body);
}

function sendPlain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

function listeningPort(address: AddressInfo | string | null): number {
  if (address && typeof address === 'object') return address.port;
  throw new Error('fault proxy is not listening on a TCP port');
}

/** Starts a {@link FaultProxy} on 127.0.0.1 (a free port unless one is given). */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new Error('fault proxy target must be an http: URL');
  const faults = new Map<string, { fault: AwsFault; bodyContains: string | undefined }[]>();
  const counts = new Map<string, number>();
  const agent = new Agent({ keepAlive: true });

  const forward = (incoming: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const upstream = httpRequest({
      host: target.hostname,
      port: target.port || 80,
      method: incoming.method,
      path: incoming.url,
      // Raw headers keep their case, order and repeats; `host` stays what the client signed.
      // Node adds only a hop-by-hop `Connection: keep-alive` when the client sent no `Connection`.
      headers: incoming.rawHeaders,
      agent,
    });
    upstream.on('response', (reply) => {
      // The target's headers as they are: no `Date` added when it sent none.
      response.sendDate = false;
      response.writeHead(reply.statusCode ?? 502, reply.statusMessage, reply.rawHeaders);
      reply.pipe(response);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (response.headersSent) response.destroy(error);
      else sendPlain(response, 502, `fault proxy: target failed (${error.code ?? error.message})`);
    });
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  };

  const server = createServer((incoming, response) => {
    void (async () => {
      let body: Buffer;
      try {
        body = await readBody(incoming);
      } catch {
        sendPlain(response, 413, 'fault proxy: request body too large');
        return;
      }
      const operation = operationOf(incoming, body, options.queryService);
      if (operation !== undefined) {
        counts.set(operation, (counts.get(operation) ?? 0) + 1);
        const queue = faults.get(operation) ?? [];
        const text = queue.some((entry) => entry.bodyContains) ? body.toString('utf8') : '';
        const index = queue.findIndex(
          (entry) => entry.bodyContains === undefined || text.includes(entry.bodyContains),
        );
        const scripted = index >= 0 ? queue.splice(index, 1)[0] : undefined;
        if (scripted) {
          sendFault(response, scripted.fault);
          return;
        }
      }
      forward(incoming, response, body);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = listeningPort(server.address());

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    failNext(operation, count, fault, scripting = {}) {
      const queue = faults.get(operation) ?? [];
      for (let index = 0; index < count; index += 1) {
        queue.push({ fault, bodyContains: scripting.bodyContains });
      }
      faults.set(operation, queue);
    },
    calls: (operation) => counts.get(operation) ?? 0,
    reset() {
      faults.clear();
      counts.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        agent.destroy();
      });
    },
  };
}
