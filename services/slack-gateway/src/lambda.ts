// Lambda entry for API Gateway (HTTP API, payload format 2.0), composed once per cold start.
// The adapter decodes base64 bodies, so the gateway verifies the bytes Slack signed.
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { compose } from './compose.js';

export const handler: ReturnType<typeof handle> = handle(createApp(compose(process.env)));
