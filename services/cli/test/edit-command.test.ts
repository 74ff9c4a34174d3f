import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

// `hitl-mcp edit` against a loopback server speaking the request API's wire format.
const REQUEST_ID = '01M801V66E3B9QHM2AVEF4QHKB';
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

/** An API that answers every edit as `answer`, and remembers what it was sent. */
async function api(status: number, answer: unknown) {
  const received: { url: string | undefined; body: unknown }[] = [];
  server = createServer(async (request: IncomingMessage, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    received.push({
      url: `${request.method} ${request.url}`,
      body: text ? JSON.parse(text) : undefined,
    });
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function hitl(url: string, ...argv: string[]) {
  return runCli([...argv, '--api-url', url], {
    env: { HITL_API_KEY: 'hitl_k1_secretsecretsecret' },
    runtimeFile: '/nonexistent/runtime.json',
    progress: () => undefined,
    http: { sleep: async () => undefined },
  });
}

const pending = {
  request: {
    requestId: REQUEST_ID,
    status: 'pending',
    summary: 'Run ops/reset_2fa',
    requester: 'U_ALICE',
    intendedTools: ['ops__reset_2fa'],
    policy: { outcome: 'require_approval', reason: 'admins need two', policyIds: [], quorum: 2 },
    votes: [],
  },
};

describe('hitl-mcp edit', () => {
  it('sends the new arguments of one call, and says the request waits for approval anew', async () => {
    // Prepare
    const { url, received } = await api(200, pending);

    // Act
    const outcome = await hitl(
      url,
      'edit',
      REQUEST_ID,
      '--call',
      '0',
      '--args',
      '{"email":"bob@example.com"}',
      '--comment',
      'per the ticket',
    );

    // Assess
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(received).toEqual([
      {
        url: `POST /requests/${REQUEST_ID}/calls`,
        body: {
          edits: [{ call: 0, arguments: { email: 'bob@example.com' } }],
          comment: 'per the ticket',
        },
      },
    ]);
    expect(outcome.stdout).toContain('waits for approval anew (2 needed)');
  });

  it('refuses a missing or bad --call or --args as bad usage, sending nothing', async () => {
    // Prepare
    const { url, received } = await api(200, pending);

    // Act
    const outcomes = await Promise.all([
      hitl(url, 'edit', REQUEST_ID, '--args', '{}'),
      hitl(url, 'edit', REQUEST_ID, '--call', '-1', '--args', '{}'),
      hitl(url, 'edit', REQUEST_ID, '--call', '0'),
      hitl(url, 'edit', REQUEST_ID, '--call', '0', '--args', '[1]'),
      hitl(url, 'edit', REQUEST_ID, '--call', '0', '--args', '{oops'),
    ]);

    // Assess
    for (const outcome of outcomes) expect(outcome.code).toBe(2);
    expect(received).toEqual([]);
  });

  it('shows the API refusing an edit after expiry (409) as a refusal, exit 1', async () => {
    // Prepare
    const { url } = await api(409, {
      error: {
        code: 'wrong_status',
        message: `request ${REQUEST_ID} expired at 2030-01-01T01:00:00.000Z; it can no longer be edited`,
        requestId: 'r-1',
      },
    });

    // Act
    const outcome = await hitl(url, 'edit', REQUEST_ID, '--call', '0', '--args', '{}');

    // Assess
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('expired at 2030-01-01T01:00:00.000Z');
  });
});
