import { Hono } from 'hono';
import type { GatewayDeps } from './deps.js';
import { eventRoutes } from './events.js';
import { interactionRoutes } from './interactions.js';
import { oauthRoutes } from './oauth.js';
import { type GatewayEnv, verifiedSlackBody } from './verification.js';

/**
 * Everything Slack sends us, as one Hono app: served by the Lambda adapter on AWS and by
 * @hono/node-server locally. Every POST is verified before it is parsed; nothing answers 500.
 */
export function createApp(deps: GatewayDeps): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const { logger, metrics } = deps.telemetry;
  app.onError((error, c) => {
    metrics.count('Failure');
    logger.error('slack request failed', {
      route: c.req.routePath,
      error: error instanceof Error ? { name: error.name, message: error.message } : error,
    });
    // Slack shows its own error to the person; a retry would not do better.
    c.header('x-slack-no-retry', '1');
    return c.json({ ok: false, error: 'internal_error' }, 503);
  });
  app.notFound((c) => c.json({ ok: false, error: 'not_found' }, 404));
  app.post('/slack/events', verifiedSlackBody(deps));
  app.post('/slack/interactivity', verifiedSlackBody(deps));
  eventRoutes(app, deps);
  interactionRoutes(app, deps);
  oauthRoutes(app, deps);
  return app;
}
