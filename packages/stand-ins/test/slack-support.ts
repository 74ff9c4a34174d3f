import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  let answer: { status: number; body: string } = { status: 200, body: '' };
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
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith(status: number, body = '') {
      answer = { status, body };
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
