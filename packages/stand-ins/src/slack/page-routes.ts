import {
  blockActionsPayload,
  deliver,
  eventEnvelope,
  randomId,
  viewSubmissionPayload,
  type Workspace,
} from './delivery.js';
import type { SlackWorkspaceState, StoredMessage } from './state.js';

export interface PageContext {
  readonly state: SlackWorkspaceState;
  readonly workspace: Workspace;
  readonly signingSecret: string;
  readonly gatewayUrl: () => string | undefined;
  readonly baseUrl: () => string;
  readonly triggers: Map<string, { userId: string; issuedAtMs: number }>;
  /** response_url token -> the message a button press came from. */
  readonly responseUrls: Map<string, { channel: string; ts: string; userId: string; uses: number }>;
  readonly nextTs: () => string;
  readonly clock: () => Date;
  readonly version: () => number;
  readonly changed: () => void;
}

export interface PageReply {
  status: number;
  json: Record<string, unknown>;
}

const answer = (ok: boolean, notice: string, extra: Record<string, unknown> = {}): PageReply => ({
  status: ok ? 200 : 400,
  json: { ok, notice, ...extra },
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Slack's client escapes what people type; `@bot` (or `@AgentCore`) becomes the bot's mention. */
function typed(text: string, botUserId: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/(^|\s)@(bot|agentcore)\b/gi, `$1<@${botUserId}>`);
}

const isSuccess = (status: number) => status >= 200 && status < 300;

function gatewayAnswer(status: number, response: string): string {
  if (status === 0) return `the gateway did not answer: ${response}`;
  return isSuccess(status)
    ? `the gateway answered ${status}`
    : `the gateway refused it (${status}): ${response.slice(0, 200)}`;
}

/** What the page shows `userId`: everyone's messages, only their own ephemerals and views. */
export function pageState(
  ctx: PageContext,
  userId: string,
  since: number,
): Record<string, unknown> {
  const version = ctx.version();
  if (since === version) return { version, unchanged: true };
  const { state } = ctx;
  return {
    version,
    botUserId: state.botUserId,
    people: state.people,
    channels: state.channels,
    messages: state.messages,
    ephemerals: state.ephemerals.filter((e) => e.user === userId),
    views: state.views.filter((v) => v.userId === userId && v.open),
    threadStatuses: state.threadStatuses,
    gatewayUrl: ctx.gatewayUrl() ?? null,
  };
}

function person(ctx: PageContext, userId: unknown) {
  return ctx.state.people.find((p) => p.userId === userId);
}

export async function postFromPage(ctx: PageContext, input: unknown): Promise<PageReply> {
  if (!isRecord(input) || typeof input.text !== 'string' || !input.text.trim()) {
    return answer(false, 'Type a message first.');
  }
  const author = person(ctx, input.user);
  const channel = ctx.state.channels.find((c) => c.id === input.channel);
  if (!author || !channel) return answer(false, 'Pick who you are and a channel.');
  const parent =
    typeof input.thread_ts === 'string'
      ? ctx.state.messages.find((m) => m.channel === channel.id && m.ts === input.thread_ts)
      : undefined;
  if (input.thread_ts !== undefined && !parent) return answer(false, 'That thread is gone.');
  const text = typed(input.text.slice(0, 40_000), ctx.state.botUserId);
  const message: StoredMessage = {
    channel: channel.id,
    ts: ctx.nextTs(),
    ...(parent ? { thread_ts: parent.thread_ts ?? parent.ts } : {}),
    user: author.userId,
    text,
    edits: [],
  };
  ctx.state.messages.push(message);
  ctx.changed();
  const gateway = ctx.gatewayUrl();
  if (!gateway) return answer(true, 'Posted; no gateway is set, so the app was not told.');
  const mentionsBot = text.includes(`<@${ctx.state.botUserId}>`);
  const envelope = eventEnvelope(ctx.workspace, message, mentionsBot, ctx.clock());
  const send = (retry?: { num: number; reason: string }) =>
    deliver({
      kind: 'event',
      url: `${gateway}/slack/events`,
      body: JSON.stringify(envelope),
      contentType: 'application/json',
      signingSecret: ctx.signingSecret,
      now: ctx.clock(),
      ...(retry ? { retry } : {}),
    });
  let delivery = await send();
  ctx.state.deliveries.push(delivery);
  // Slack delivers a failed event again with the same event_id (later ones after 1 and 5
  // minutes, which a local page does not wait for), unless the app said X-Slack-No-Retry.
  if (!isSuccess(delivery.status) && !delivery.noRetry) {
    delivery = await send({
      num: 1,
      reason: delivery.status === 0 ? 'http_timeout' : 'http_error',
    });
    ctx.state.deliveries.push(delivery);
  }
  ctx.changed();
  const ok = isSuccess(delivery.status);
  return answer(ok, `Posted; ${gatewayAnswer(delivery.status, delivery.response)}.`, {
    ts: message.ts,
  });
}

function findButton(message: StoredMessage, blockId: unknown, actionId: unknown) {
  for (const block of message.blocks ?? []) {
    if (!isRecord(block) || block.block_id !== blockId || !Array.isArray(block.elements)) continue;
    for (const element of block.elements) {
      if (isRecord(element) && element.type === 'button' && element.action_id === actionId) {
        return { block_id: String(blockId), element };
      }
    }
  }
  return undefined;
}

export async function pressFromPage(ctx: PageContext, input: unknown): Promise<PageReply> {
  if (!isRecord(input)) return answer(false, 'Nothing was pressed.');
  const presser = person(ctx, input.user);
  const message = ctx.state.messages.find(
    (m) => m.channel === input.channel && m.ts === input.message_ts,
  );
  const channel = ctx.state.channels.find((c) => c.id === input.channel);
  if (!presser || !message || !channel) return answer(false, 'That message is gone.');
  const button = message && findButton(message, input.block_id, input.action_id);
  if (!button) return answer(false, 'That button is gone.');
  const gateway = ctx.gatewayUrl();
  if (!gateway) return answer(false, 'No gateway is set: the app cannot hear buttons.');
  const triggerId = `${Date.now()}.${randomId('', 12)}`;
  ctx.triggers.set(triggerId, { userId: presser.userId, issuedAtMs: ctx.clock().getTime() });
  const responseToken = randomId('R', 16);
  ctx.responseUrls.set(responseToken, {
    channel: channel.id,
    ts: message.ts,
    userId: presser.userId,
    uses: 0,
  });
  const { element } = button;
  const text = isRecord(element.text) ? String(element.text.text) : '';
  const payload = blockActionsPayload({
    workspace: ctx.workspace,
    person: presser,
    channel,
    message,
    action: {
      action_id: String(element.action_id),
      block_id: button.block_id,
      ...(typeof element.value === 'string' ? { value: element.value } : {}),
      text,
      ...(typeof element.style === 'string' ? { style: element.style } : {}),
    },
    triggerId,
    responseUrl: `${ctx.baseUrl()}/actions/${responseToken}`,
    now: ctx.clock(),
  });
  const delivery = await deliver({
    kind: 'block_actions',
    url: `${gateway}/slack/interactivity`,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    signingSecret: ctx.signingSecret,
    now: ctx.clock(),
  });
  ctx.state.deliveries.push(delivery);
  ctx.changed();
  const ok = delivery.status === 200;
  return answer(ok, `You pressed “${text}”; ${gatewayAnswer(delivery.status, delivery.response)}.`);
}

/** The app's answer to a submission: close, show errors beside inputs, or replace the view. */
function applySubmissionAnswer(ctx: PageContext, viewId: string, response: string): string {
  const opened = ctx.state.views.find((v) => v.id === viewId);
  if (!opened) return 'the dialog is gone';
  let parsed: unknown;
  try {
    parsed = response.trim() ? JSON.parse(response) : {};
  } catch {
    parsed = {};
  }
  const action = isRecord(parsed) ? parsed.response_action : undefined;
  if (action === 'errors' && isRecord(parsed) && isRecord(parsed.errors)) {
    opened.errors = Object.fromEntries(
      Object.entries(parsed.errors).map(([k, v]) => [k, String(v)]),
    );
    return 'the app found problems: see the dialog';
  }
  if (action === 'update' && isRecord(parsed) && isRecord(parsed.view)) {
    opened.view = parsed.view;
    opened.errors = {};
    return 'the app updated the dialog';
  }
  if (action === 'clear') {
    for (const view of ctx.state.views) if (view.userId === opened.userId) view.open = false;
  }
  opened.open = false;
  return 'the app accepted it';
}

export async function submitFromPage(
  ctx: PageContext,
  viewId: string,
  input: unknown,
): Promise<PageReply> {
  const opened = ctx.state.views.find((v) => v.id === viewId && v.open);
  const submitter = isRecord(input) ? person(ctx, input.user) : undefined;
  if (!opened || !submitter || submitter.userId !== opened.userId || !isRecord(input)) {
    return answer(false, 'That dialog is not open for you.');
  }
  const values: Record<string, Record<string, { type: string; value: string }>> = {};
  if (isRecord(input.values)) {
    for (const [blockId, actions] of Object.entries(input.values)) {
      if (!isRecord(actions)) continue;
      for (const [actionId, value] of Object.entries(actions)) {
        values[blockId] = { [actionId]: { type: 'plain_text_input', value: String(value) } };
      }
    }
  }
  const gateway = ctx.gatewayUrl();
  if (!gateway) return answer(false, 'No gateway is set: the app cannot hear the dialog.');
  const payload = viewSubmissionPayload({
    workspace: ctx.workspace,
    person: submitter,
    opened,
    values,
    triggerId: `${Date.now()}.${randomId('', 12)}`,
  });
  const delivery = await deliver({
    kind: 'view_submission',
    url: `${gateway}/slack/interactivity`,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    signingSecret: ctx.signingSecret,
    now: ctx.clock(),
  });
  ctx.state.deliveries.push(delivery);
  const outcome =
    delivery.status === 200
      ? applySubmissionAnswer(ctx, viewId, delivery.response)
      : gatewayAnswer(delivery.status, delivery.response);
  ctx.changed();
  return answer(delivery.status === 200, `Submitted; ${outcome}.`);
}

export function closeFromPage(ctx: PageContext, viewId: string, input: unknown): PageReply {
  const opened = ctx.state.views.find((v) => v.id === viewId && v.open);
  if (!opened || !isRecord(input) || input.user !== opened.userId)
    return answer(false, 'That dialog is not open for you.');
  opened.open = false;
  ctx.changed();
  return answer(true, '');
}

/** A POST to a `response_url`: at most 5 uses; replaces, deletes or adds an ephemeral reply. */
export function respondToAction(ctx: PageContext, token: string, input: unknown): PageReply {
  const target = ctx.responseUrls.get(token);
  if (!target) return { status: 404, json: { ok: false, error: 'invalid_token' } };
  if (target.uses >= 5) return { status: 410, json: { ok: false, error: 'used_url' } };
  if (!isRecord(input)) return { status: 400, json: { ok: false, error: 'invalid_payload' } };
  target.uses += 1;
  const message = ctx.state.messages.find(
    (m) => m.channel === target.channel && m.ts === target.ts,
  );
  const text = typeof input.text === 'string' ? input.text : '';
  const blocks = Array.isArray(input.blocks) ? input.blocks : undefined;
  if (input.delete_original === true && message) {
    ctx.state.messages.splice(ctx.state.messages.indexOf(message), 1);
  } else if (input.replace_original === true && message) {
    message.edits.push({
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      at: ctx.clock().toISOString(),
    });
    message.text = text;
    if (blocks) message.blocks = blocks;
  } else if (input.response_type === 'in_channel') {
    ctx.state.messages.push({
      channel: target.channel,
      ts: ctx.nextTs(),
      ...(message ? { thread_ts: message.thread_ts ?? message.ts } : {}),
      user: ctx.workspace.botUserId,
      bot_id: ctx.workspace.botId,
      text,
      ...(blocks ? { blocks } : {}),
      edits: [],
    });
  } else {
    ctx.state.ephemerals.push({
      channel: target.channel,
      user: target.userId,
      message_ts: ctx.nextTs(),
      ...(message ? { thread_ts: message.thread_ts ?? message.ts } : {}),
      text,
      ...(blocks ? { blocks } : {}),
    });
  }
  ctx.changed();
  return { status: 200, json: { ok: true } };
}
