import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  method: string;
  authorization: string | undefined;
  params: Record<string, string>;
}

/** What the double answers one call with: Slack's JSON, a 429, another status, or nothing. */
export type Answer =
  | { json: Record<string, unknown> }
  | { status: number; retryAfter?: number }
  | { hang: true };

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The network edge of Slack's Web API for client tests: records each call (form-encoded, as the
 * WebClient sends it) and answers from a script, then `{ok:true}` with what the method returns.
 */
export async function startSlackApiDouble() {
  const calls: ReceivedCall[] = [];
  const script: Answer[] = [];
  const server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const method = (request.url ?? '').replace(/^\/api\//, '');
      calls.push({
        method,
        authorization: request.headers.authorization,
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      const answer = script.shift() ?? {
        json: {
          ok: true,
          channel: 'C1',
          ts: `1700000000.${String(calls.length).padStart(6, '0')}`,
        },
      };
      if ('hang' in answer) return;
      if ('status' in answer) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (answer.retryAfter !== undefined) headers['retry-after'] = String(answer.retryAfter);
        response.writeHead(answer.status, headers).end('{"ok":false,"error":"ratelimited"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    answerNext: (...answers: Answer[]) => script.push(...answers),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Time that moves only when the code under test sleeps: no test waits on the wall clock. */
export function manualTime(startMs = Date.UTC(2026, 0, 1)) {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}
