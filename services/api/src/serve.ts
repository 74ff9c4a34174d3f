import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ApiEnv } from './routing.js';

export interface ServedApi {
  url: string;
  close(): Promise<void>;
}

/** Serves the app over HTTP on loopback only (the local runtime, tests, the bench). */
export async function serveApi(app: Hono<ApiEnv>, port = 0): Promise<ServedApi> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info: AddressInfo) => {
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
