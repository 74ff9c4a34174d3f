import type { Hono } from 'hono';
import { startFromMessage } from './conversation.js';
import type { GatewayDeps } from './deps.js';
import { EnvelopeSchema, ignoredBecause, MessageEventSchema, mentions } from './event-payloads.js';
import type { GatewayEnv } from './verification.js';

/**
 * POST /slack/events (already verified): url_verification, then each person's message or
 * mention once, whatever Slack retries. Answered as soon as the request is recorded and its
 * workflow started; planning (the model) happens in the workflow, never here.
 */
export function eventRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.post('/slack/events', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(c.get('rawBody'));
    } catch {
      return c.json({ ok: false, error: 'invalid_json' }, 400);
    }
    const envelope = EnvelopeSchema.safeParse(body);
    if (!envelope.success) return c.json({ ok: false, error: 'invalid_event' }, 400);
    const data = envelope.data;
    if (data.type === 'url_verification') return c.json({ challenge: data.challenge });
    if (data.type !== 'event_callback') return c.json({ ok: true, ignored: data.type });
    if (data.event.type !== 'app_mention' && data.event.type !== 'message') {
      return c.json({ ok: true, ignored: data.event.type });
    }
    const event = MessageEventSchema.safeParse(data.event);
    if (!event.success) return c.json({ ok: false, error: 'invalid_event' }, 400);
    const botUserId = deps.botUserId ?? data.authorizations?.find((each) => each.is_bot)?.user_id;
    const ignored = ignoredBecause(event.data, botUserId);
    if (ignored) return c.json({ ok: true, ignored });
    // A channel message naming the bot also arrives as app_mention: that twin is the one
    // handled. Direct messages have no such twin.
    const twin = event.data.type === 'message' && event.data.channel_type !== 'im';
    if (twin && mentions(event.data.text, botUserId)) {
      return c.json({ ok: true, ignored: 'handled_as_mention' });
    }
    const outcome = await startFromMessage(deps, {
      eventId: data.event_id,
      event: event.data,
      botUserId,
    });
    deps.telemetry.logger.info('slack event', {
      eventId: data.event_id,
      retry: c.req.header('x-slack-retry-num') ?? '0',
      outcome: outcome.outcome,
      ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
    });
    return c.json({ ok: true, ...outcome });
  });
}
