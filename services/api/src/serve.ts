import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ErrorBody } from './http-errors.js';
import type { ApiEnv } from './routing.js';

export interface ServedApi {
  url: string;
  close(): Promise<void>;
}

function refused(code: string, message: string): Response {
  const body: ErrorBody = { error: { code, message, requestId: crypto.randomUUID() } };
  return Response.json(body, { status: 403 });
}

/**
 * What a page in a browser could send to a loopback server: a `Host` naming its own domain
 * (DNS rebinding: the name now resolves to 127.0.0.1), or an `Origin` other than this server's
 * own (a cross-origin fetch). Keys authenticate every route, but a page must not even probe.
 * The API's own origin stays allowed: the admin UI will be served from it.
 */
function browserRefusal(request: Request, port: number): Response | undefined {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (request.headers.get('host') ?? '').toLowerCase();
  if (!own.includes(host)) {
    return refused('foreign_host', `Host ${host || '(none)'} is not this server: use ${own[0]}`);
  }
  const origin = request.headers.get('origin');
  if (origin !== null && !own.some((each) => origin.toLowerCase() === `http://${each}`)) {
    return refused('cross_origin', `requests from ${origin} are not served: only this API's own`);
  }
  return undefined;
}

/** Serves the app over HTTP on loopback only (the local runtime, tests, the bench). */
export async function serveApi(app: Hono<ApiEnv>, port = 0): Promise<ServedApi> {
  let listening = port;
  const fetch: typeof app.fetch = (request, ...rest) =>
    browserRefusal(request, listening) ?? app.fetch(request, ...rest);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port }, (info: AddressInfo) => {
      listening = info.port;
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            // Open event streams would hold close() forever: end them too.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
