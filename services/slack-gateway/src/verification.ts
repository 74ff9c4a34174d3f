import { verifySlackRequest } from '@agentcore/slack';
import type { Context, MiddlewareHandler } from 'hono';
import type { GatewayDeps } from './deps.js';

export type GatewayEnv = { Variables: { rawBody: string } };
export type GatewayContext = Context<GatewayEnv>;

/** Slack's payloads are a few kilobytes; anything this large is not from Slack. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Checks Slack's signature over the body exactly as received, before anything parses it or
 * acts on it: an unsigned, stale, future or wrong request gets 401 and nothing runs.
 */
export function verifiedSlackBody(deps: GatewayDeps): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) return c.json({ ok: false, error: 'body_too_large' }, 413);
    const rawBody = await c.req.text();
    if (Buffer.byteLength(rawBody, 'utf8') > MAX_BODY_BYTES) {
      return c.json({ ok: false, error: 'body_too_large' }, 413);
    }
    const { signing_secret } = await deps.credentials.read();
    const verdict = verifySlackRequest({
      signingSecret: signing_secret,
      rawBody,
      timestamp: c.req.header('x-slack-request-timestamp'),
      signature: c.req.header('x-slack-signature'),
      now: deps.clock(),
    });
    if (!verdict.ok) {
      deps.telemetry.metrics.count('Refusal');
      deps.telemetry.logger.warn('slack signature refused', { reason: verdict.reason });
      return c.json({ ok: false, error: 'invalid_signature', reason: verdict.reason }, 401);
    }
    c.set('rawBody', rawBody);
    await next();
    return undefined;
  };
}
