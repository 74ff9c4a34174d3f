// Lambda entries, composed once per cold start from the function's environment: `handler` for
// API Gateway (HTTP API, payload format 2.0), `streamingHandler` for a Function URL with response
// streaming (the SSE routes). The Lambda Node.js runtime provides the global `awslambda` that
// response streaming is built on; anywhere else (a test importing the bundle) there is none.
import { handle, streamHandle } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { compose } from './compose.js';

const app = createApp(compose(process.env));

export const handler: ReturnType<typeof handle> = handle(app);
const runtime = (globalThis as { awslambda?: { streamifyResponse?: unknown } }).awslambda;
export const streamingHandler: ReturnType<typeof streamHandle> | undefined =
  typeof runtime?.streamifyResponse === 'function' ? streamHandle(app) : undefined;
