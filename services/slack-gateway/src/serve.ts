import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { GatewayEnv } from './verification.js';

export interface ServedGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * A `Host` other than this server's own is refused (DNS rebinding); Slack's requests, and the
 * local Slack's, come from a server, never from a page, and are signed besides.
 */
function foreignHost(request: Request, port: number): Response | undefined {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (request.headers.get('host') ?? '').toLowerCase();
  if (own.includes(host) && request.headers.get('origin') === null) return undefined;
  return Response.json({ ok: false, error: 'foreign_host_or_origin' }, { status: 403 });
}

/** Serves the gateway over HTTP on loopback only (the local runtime, tests, the bench). */
export async function serveGateway(app: Hono<GatewayEnv>, port = 0): Promise<ServedGateway> {
  let listening = port;
  const fetch: typeof app.fetch = (request, ...rest) =>
    foreignHost(request, listening) ?? app.fetch(request, ...rest);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port }, (info: AddressInfo) => {
      listening = info.port;
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}
