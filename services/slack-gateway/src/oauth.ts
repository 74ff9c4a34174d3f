import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import * as z from 'zod';
import type { GatewayDeps } from './deps.js';
import type { GatewayEnv } from './verification.js';

/** The bot scopes the app asks for at install. */
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'groups:history',
  // Direct messages to the bot are requests too (the gateway handles channel_type im).
  'im:history',
  'chat:write',
  'assistant:write',
];
/** How long an install link's `state` stays good. */
const STATE_SECONDS = 10 * 60;

/** `state` for an install started at `now`: the time, MACed with the signing secret (no store). */
export function installState(signingSecret: string, now: Date): string {
  const issued = String(Math.floor(now.getTime() / 1000));
  const mac = createHmac('sha256', signingSecret).update(`install:${issued}`).digest('hex');
  return `${issued}.${mac}`;
}

function stateIsGood(signingSecret: string, state: string, now: Date): boolean {
  const [issued, mac] = state.split('.');
  if (!issued || !mac || !/^\d{1,12}$/.test(issued) || !/^[0-9a-f]{64}$/.test(mac)) return false;
  const age = Math.floor(now.getTime() / 1000) - Number(issued);
  if (age < 0 || age > STATE_SECONDS) return false;
  const expected = Buffer.from(
    createHmac('sha256', signingSecret).update(`install:${issued}`).digest('hex'),
  );
  return timingSafeEqual(expected, Buffer.from(mac));
}

const CallbackQuerySchema = z.object({
  code: z.string().min(1).max(512),
  state: z.string().min(1).max(256),
});

function page(title: string, text: string): string {
  const html = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>${html(title)}</title><h1>${html(title)}</h1><p>${html(text)}</p>`;
}

/**
 * The OAuth v2 install: GET /slack/install sends the installer to Slack with a signed `state`;
 * GET /slack/oauth/callback checks it, exchanges the code, and stores the bot token in the
 * Slack secret (Secrets Manager; the local runtime's stand-in).
 */
export function oauthRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.get('/slack/install', async (c) => {
    const credentials = await deps.credentials.read();
    if (!credentials.client_id) {
      return c.html(page('Not installable', 'This app has no Slack client id configured.'), 404);
    }
    const query = new URLSearchParams({
      client_id: credentials.client_id,
      scope: BOT_SCOPES.join(','),
      state: installState(credentials.signing_secret, deps.clock()),
      ...(credentials.redirect_uri ? { redirect_uri: credentials.redirect_uri } : {}),
    });
    return c.redirect(`${deps.authorizeUrl}?${query}`, 302);
  });

  app.get('/slack/oauth/callback', async (c) => {
    const query = CallbackQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      return c.html(page('Install failed', 'The link is missing its code or state.'), 400);
    }
    const credentials = await deps.credentials.read();
    if (!stateIsGood(credentials.signing_secret, query.data.state, deps.clock())) {
      return c.html(
        page('Install failed', 'This install link is not ours or has expired; start again.'),
        400,
      );
    }
    if (!credentials.client_id || !credentials.client_secret) {
      return c.html(
        page('Install failed', 'This app has no Slack client id and secret configured.'),
        400,
      );
    }
    let access: Awaited<ReturnType<GatewayDeps['exchangeInstallCode']>>;
    try {
      access = await deps.exchangeInstallCode({
        client_id: credentials.client_id,
        client_secret: credentials.client_secret,
        code: query.data.code,
        ...(credentials.redirect_uri ? { redirect_uri: credentials.redirect_uri } : {}),
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      deps.telemetry.logger.warn('slack install refused', { code: String(code ?? 'unknown') });
      return c.html(page('Install failed', 'Slack refused the install code; start again.'), 400);
    }
    if (!access.access_token) {
      return c.html(page('Install failed', 'Slack answered without a bot token.'), 400);
    }
    await deps.credentials.update({ bot_token: access.access_token });
    deps.telemetry.logger.info('slack app installed', {
      team: access.team?.id ?? 'unknown',
      botUserId: access.bot_user_id ?? 'unknown',
    });
    return c.html(
      page(
        'Slack app installed',
        `Installed in ${access.team?.name ?? 'your workspace'}. You can close this page.`,
      ),
    );
  });
}
