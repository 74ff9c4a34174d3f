// Lambda entries, composed once per cold start from the function's environment: `handler` for
// API Gateway (HTTP API, v2 events), `streamingHandler` for a Function URL with response
// streaming (the SSE routes).
import { handle, streamHandle } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { compose } from './compose.js';

const app = createApp(compose(process.env));

export const handler: ReturnType<typeof handle> = handle(app);
export const streamingHandler: ReturnType<typeof streamHandle> = streamHandle(app);
