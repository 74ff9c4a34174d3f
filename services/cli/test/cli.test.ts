import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

// The CLI against a loopback server speaking the request API's wire format: what it prints and
// how it exits, whatever the API answers.
const REQUEST_ID = '01M801V66E3B9QHM2AVEF4QHKB';
const KEY = 'hitl_k1_secretsecretsecret';
let server: Server | undefined;

type Route = (request: IncomingMessage, response: ServerResponse) => void;

async function api(routes: Record<string, Route>): Promise<string> {
  server = createServer((request, response) => {
    const route = routes[`${request.method} ${request.url?.split('?')[0]}`];
    if (route) return route(request, response);
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'not_found', message: 'no route' } }));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

const json =
  (status: number, body: unknown): Route =>
  (_, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

const request = (status: string) => ({
  request: {
    requestId: REQUEST_ID,
    status,
    summary: 'Run ops/reset_2fa',
    requester: 'U_ALICE',
    category: 'other',
    environment: 'dev',
    intendedTools: ['ops__reset_2fa'],
    votes: [],
  },
});

async function hitl(url: string, ...argv: string[]) {
  const progress: string[] = [];
  const outcome = await runCli([...argv, '--api-url', url], {
    env: { HITL_API_KEY: KEY },
    runtimeFile: '/nonexistent/runtime.json',
    progress: (line) => progress.push(line),
    http: { sleep: async () => undefined },
  });
  return { ...outcome, progress };
}

describe('hitl-mcp against the API', () => {
  it('follows the event stream, and polls the request when the stream breaks', async () => {
    // Prepare: the stream says two things, then the connection drops; the request then ends.
    const url = await api({
      'POST /requests': json(202, { requestId: REQUEST_ID, status: 'received' }),
      [`GET /requests/${REQUEST_ID}/events`]: (_, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(`event: received\ndata: {"requestId":"${REQUEST_ID}"}\n\n`);
        // The connection drops once both events are on the wire.
        response.write(
          'event: approval_requested\ndata: {"reason":"resetting 2FA needs an approver"}\n\n',
          () => response.socket?.destroy(),
        );
      },
      [`GET /requests/${REQUEST_ID}`]: json(200, request('completed')),
    });

    // Act
    const outcome = await hitl(url, 'run', '--tool', 'ops__reset_2fa', '--wait');

    // Assess
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(`${REQUEST_ID}  COMPLETED  Run ops/reset_2fa`);
    expect(outcome.progress).toEqual([
      `Request ${REQUEST_ID} submitted; waiting for it to finish…`,
      '  received',
      '  pending: waiting for approval (resetting 2FA needs an approver)',
    ]);
  });

  it('opens the stream again when the server closes it early, printing each event once', async () => {
    // Prepare: the first stream ends at the server's time limit; the second runs to the end.
    let opened = 0;
    const url = await api({
      'POST /requests': json(202, { requestId: REQUEST_ID, status: 'received' }),
      [`GET /requests/${REQUEST_ID}/events`]: (_, response) => {
        opened += 1;
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: received\ndata: {}\n\n');
        if (opened === 1) {
          response.end('event: status\ndata: {"status":"pending","note":"stream time is up"}\n\n');
          return;
        }
        response.write('event: approval_requested\ndata: {}\n\n');
        response.end('event: final\ndata: {"status":"completed"}\n\n');
      },
      [`GET /requests/${REQUEST_ID}`]: json(200, request('completed')),
    });

    // Act
    const outcome = await hitl(url, 'run', '--query', 'reset 2FA for bob@example.com', '--wait');

    // Assess
    expect(outcome.code).toBe(0);
    expect(opened).toBe(2);
    expect(outcome.progress.slice(1)).toEqual([
      '  received',
      '  pending: waiting for approval (approval required)',
      '  ended completed',
    ]);
  });

  it('exits 1 for a request that ended badly, 3 for a refusal, 2 for invalid input', async () => {
    // Prepare
    const url = await api({
      [`GET /requests/${REQUEST_ID}`]: json(200, request('rejected')),
      [`POST /requests/${REQUEST_ID}/decision`]: json(403, {
        error: { code: 'forbidden', message: 'this needs the approver role', requestId: 'r-1' },
      }),
      'POST /requests': json(400, {
        error: {
          code: 'validation_failed',
          message: 'invalid body',
          issues: [{ path: 'toolCalls.0.arguments.email', message: 'Invalid email address' }],
          requestId: 'r-2',
        },
      }),
    });

    // Act
    const ended = await hitl(url, 'status', REQUEST_ID);
    const refused = await hitl(url, 'approve', REQUEST_ID);
    const invalid = await hitl(url, 'run', '--tool', 'ops__reset_2fa', '--args', '{"email":1}');
    const invalidJson = await hitl(url, 'run', '--tool', 'ops__reset_2fa', '--json');

    // Assess
    expect(ended.code).toBe(1);
    expect(ended.stdout).toContain('REJECTED');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toBe('error: this needs the approver role\n  (request id r-1)');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('  toolCalls.0.arguments.email: Invalid email address');
    expect(invalidJson.code).toBe(2);
    expect(JSON.parse(invalidJson.stdout ?? '')).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', requestId: 'r-2' },
    });
  });

  it('prints a new key once, saying it is not shown again', async () => {
    const url = await api({
      'POST /keys': json(201, {
        key: 'hitl_new_key',
        keyId: 'new',
        userId: 'U_BOB',
        roles: ['requester', 'approver'],
      }),
    });

    const created = await hitl(
      url,
      'keys',
      'create',
      '--user-id',
      'U_BOB',
      '--roles',
      'requester,approver',
    );
    const badRole = await hitl(url, 'keys', 'create', '--user-id', 'U_BOB', '--roles', 'root');

    expect(created.code).toBe(0);
    expect(created.stdout?.match(/hitl_new_key/g)).toHaveLength(1);
    expect(created.stdout).toContain('it is not shown again');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('not root');
  });
});
