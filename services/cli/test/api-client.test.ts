import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, ConnectionError, DEFAULT_HTTP } from '../src/api-client.js';

type Reply = (request: IncomingMessage, response: ServerResponse) => void;

const KEY = 'hitl_k1_secretsecretsecret';
let server: Server | undefined;

/** A loopback server answering each call with the next scripted reply (the last one repeats). */
async function serve(replies: Reply[]) {
  const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body,
      });
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)] as Reply;
      reply(request, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

const apiError = (status: number, code: string, message: string, extra = {}) =>
  json(status, { error: { code, message, requestId: 'req-1', ...extra } });

function client(url: string, overrides: Partial<typeof DEFAULT_HTTP> = {}) {
  const waits: number[] = [];
  const api = new ApiClient(
    { apiUrl: url, apiKey: KEY, label: url },
    {
      ...DEFAULT_HTTP,
      ...overrides,
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  );
  return { api, waits };
}

describe('the CLI’s HTTP client', () => {
  it('sends the key as a bearer token, the body as JSON, and the query in the URL', async () => {
    // Prepare
    const { url, seen } = await serve([json(200, { requests: [] })]);
    const { api } = client(url);

    // Act
    const answer = await api.call('GET', '/requests', {
      query: { status: 'pending', mine: undefined },
    });
    await api.call('POST', '/requests', { body: { query: 'x' } });

    // Assess
    expect(answer).toEqual({ requests: [] });
    expect(seen[0]).toMatchObject({
      method: 'GET',
      url: '/requests?status=pending',
      authorization: `Bearer ${KEY}`,
    });
    expect(seen[1]).toMatchObject({ method: 'POST', body: '{"query":"x"}' });
  });

  it('waits as long as Retry-After says on 429, and then succeeds', async () => {
    // Prepare
    const { url, seen } = await serve([
      json(
        429,
        { error: { code: 'too_many_requests', message: 'slow down' } },
        { 'retry-after': '7' },
      ),
      json(202, { requestId: 'R' }),
    ]);
    const { api, waits } = client(url);

    // Act
    const answer = await api.call('POST', '/requests', { body: { query: 'x' } });

    // Assess
    expect(answer).toEqual({ requestId: 'R' });
    expect(waits).toEqual([7_000]);
    expect(seen).toHaveLength(2);
  });

  it('retries a read on 503', async () => {
    // Prepare
    const { url, seen } = await serve([
      apiError(503, 'unavailable', 'busy'),
      apiError(503, 'unavailable', 'busy'),
      json(200, { ok: true }),
    ]);
    const { api } = client(url);

    // Act
    const read = await api.call('GET', '/requests/R');

    // Assess
    expect(read).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
  });

  it('never sends a submission again after a 503: it may have been recorded', async () => {
    // Prepare
    const { url, seen } = await serve([apiError(503, 'unavailable', 'busy'), json(202, {})]);
    const { api } = client(url);

    // Act
    const failure = await api
      .call('POST', '/requests', { body: { query: 'x' } })
      .catch((error) => error);

    // Assess
    expect(failure).toMatchObject({ status: 503 });
    expect(seen).toHaveLength(1);
  });

  it('gives up after its retries and shows the API’s message, field paths and request id', async () => {
    // Prepare
    const { url, seen } = await serve([apiError(503, 'unavailable', 'a service is busy')]);
    const { api, waits } = client(url, { retries: 2 });

    // Act
    const failure = await api.call('GET', '/requests/R').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 503,
      body: { message: 'a service is busy', requestId: 'req-1' },
    });
    expect(seen).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] as number);
  });

  it('does not retry a refusal, and keeps its issues', async () => {
    const { url, seen } = await serve([
      apiError(400, 'validation_failed', 'invalid body', {
        issues: [{ path: 'toolCalls.0.tool', message: 'unknown tool' }],
      }),
    ]);
    const { api } = client(url);

    const failure = (await api
      .call('POST', '/requests', { body: {} })
      .catch((error) => error)) as ApiError;

    expect(failure.body.issues).toEqual([{ path: 'toolCalls.0.tool', message: 'unknown tool' }]);
    expect(seen).toHaveLength(1);
  });

  it('retries a refused connection, then says where it could not connect, never the key', async () => {
    // Prepare: a port nothing listens on.
    const { url } = await serve([json(200, {})]);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const { api, waits } = client(url, { retries: 1 });

    // Act
    const failure = (await api
      .call('POST', '/requests', { body: {} })
      .catch((error) => error)) as Error;

    // Assess
    expect(failure).toBeInstanceOf(ConnectionError);
    expect(failure.message).toContain(`could not reach ${url}: ECONNREFUSED`);
    expect(failure.message).not.toContain(KEY);
    expect(waits).toHaveLength(1);
  });

  it('times out a call that gets no answer', async () => {
    const { url } = await serve([() => undefined]);
    const { api } = client(url, { timeoutMs: 100, retries: 0 });

    const failure = (await api.call('GET', '/tools').catch((error) => error)) as Error;

    expect(failure).toBeInstanceOf(ConnectionError);
    expect(failure.message).toContain('did not answer within 0.1 s');
  });
});
