import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSlackStandIn } from '../src/index.js';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Whether the v0 signature over the raw body checks out with the app's signing secret. */
  signed: boolean;
}

/** A gateway that records what it receives, checks Slack's signature, and answers `answer`. */
export async function startRecordingGateway(signingSecret: string) {
  const received: Received[] = [];
  let answer: { status: number; body: string; headers: Record<string, string> } = {
    status: 200,
    body: '',
    headers: {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers['x-slack-request-timestamp'] ?? '');
      const expected = Buffer.from(
        `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      );
      const actual = Buffer.from(String(request.headers['x-slack-signature'] ?? ''));
      const signed = expected.length === actual.length && timingSafeEqual(expected, actual);
      received.push({ path: request.url ?? '', headers: request.headers, body, signed });
      response
        .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
        .end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith(status: number, body = '', headers: Record<string, string> = {}) {
      answer = { status, body, headers };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The JSON in a form-encoded interactivity body's `payload` field. */
export function payloadOf(body: string): Record<string, unknown> {
  return JSON.parse(new URLSearchParams(body).get('payload') ?? '{}') as Record<string, unknown>;
}

export const SIGNING_SECRET = 'local-signing-secret';
export const BOT_TOKEN = 'xoxb-local';

/** A local Slack with two people and #ops, its gateway recording, and time set by the test. */
export async function startWorkspace() {
  let now = new Date('2026-01-01T10:00:00.000Z');
  const gateway = await startRecordingGateway(SIGNING_SECRET);
  const slack = await startSlackStandIn({
    signingSecret: SIGNING_SECRET,
    gatewayUrl: gateway.url,
    botToken: BOT_TOKEN,
    botUserId: 'U_BOT',
    people: [
      { userId: 'U_ALICE', displayName: 'Alice' },
      { userId: 'U_APPROVER', displayName: 'Approver' },
    ],
    channels: ['ops'],
    clock: () => now,
  });

  /** A Web API call as the WebClient makes it: form-encoded, nested values as JSON strings. */
  async function call(
    method: string,
    params: Record<string, unknown>,
    token: string | null = BOT_TOKEN,
  ) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      form.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const response = await fetch(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: form.toString(),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      json: (await response.json()) as Record<string, unknown>,
    };
  }

  /** What the page's script posts to its own server. */
  async function page(path: string, body: unknown) {
    const response = await fetch(`${slack.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  return {
    slack,
    gateway,
    call,
    page,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    async close() {
      await slack.close();
      await gateway.close();
    },
  };
}

export const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
