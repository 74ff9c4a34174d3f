import { randomId, type Workspace } from './delivery.js';
import { messageBlockProblems, viewProblems } from './limits.js';
import {
  type OpenedView,
  type SlackWorkspaceState,
  type StoredMessage,
  threadOf,
} from './state.js';

/** A scripted answer for the next call of one method. */
export type SlackFailure = { status: 429; retryAfter: number } | { error: string };

export interface WebApiReply {
  status: number;
  json: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface WebApiContext {
  readonly state: SlackWorkspaceState;
  readonly workspace: Workspace;
  readonly botToken: string;
  readonly oauth: { clientId: string; clientSecret: string };
  readonly installCodes: Set<string>;
  /** trigger_id -> who pressed and when; Slack lets a trigger open a view for 3 s. */
  readonly triggers: Map<string, { userId: string; issuedAtMs: number }>;
  readonly failures: Map<string, SlackFailure[]>;
  readonly nextTs: () => string;
  readonly clock: () => Date;
  /** Tells the page something changed. */
  readonly changed: () => void;
}

const TRIGGER_LIFETIME_MS = 3_000;
const JSON_PARAMS = ['blocks', 'view', 'attachments', 'metadata'];

type Params = Record<string, unknown>;

/** The Web API's parameters from a form-encoded or JSON body, `blocks` and `view` decoded. */
export function paramsOf(body: string, contentType: string): Params | 'invalid_json' {
  let params: Params;
  if (contentType.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body || '{}');
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'invalid_json';
      params = parsed as Params;
    } catch {
      return 'invalid_json';
    }
  } else {
    params = Object.fromEntries(new URLSearchParams(body));
  }
  for (const name of JSON_PARAMS) {
    const value = params[name];
    if (typeof value !== 'string') continue;
    try {
      params[name] = JSON.parse(value);
    } catch {
      params[name] = { unparseable: value };
    }
  }
  return params;
}

const ok = (json: Record<string, unknown> = {}): WebApiReply => ({
  status: 200,
  json: { ok: true, ...json },
});
const refuse = (error: string, messages?: string[]): WebApiReply => ({
  status: 200,
  json: {
    ok: false,
    error,
    ...(messages
      ? { errors: messages, response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } }
      : {}),
  },
});

function text(params: Params, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Slack's checks on a message's content: text or blocks, within every limit. */
function contentRefusal(params: Params): WebApiReply | undefined {
  const body = typeof params.text === 'string' ? params.text : '';
  if (params.blocks !== undefined) {
    if (!Array.isArray(params.blocks)) return refuse('invalid_blocks_format');
    const problems = messageBlockProblems(params.blocks);
    if (problems.length > 0) return refuse('invalid_blocks', problems);
  } else if (!body) {
    return refuse('no_text');
  }
  if (body.length > 40_000) return refuse('msg_too_long');
  return undefined;
}

/** Slack gives every block without a `block_id` one of its own, and echoes it back. */
function withBlockIds(blocks: unknown[]): unknown[] {
  return blocks.map((block) =>
    block && typeof block === 'object' && !('block_id' in block)
      ? { ...block, block_id: randomId('', 5) }
      : block,
  );
}

function messageJson(message: StoredMessage) {
  return {
    type: 'message',
    user: message.user,
    ...(message.bot_id ? { bot_id: message.bot_id } : {}),
    text: message.text,
    ts: message.ts,
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    ...(message.blocks ? { blocks: message.blocks } : {}),
  };
}

function authorised(
  ctx: WebApiContext,
  authorization: string | undefined,
  params: Params,
): WebApiReply | undefined {
  const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? text(params, 'token');
  if (!bearer) return refuse('not_authed');
  if (bearer !== ctx.botToken) return refuse('invalid_auth');
  return undefined;
}

function channelRefusal(
  ctx: WebApiContext,
  params: Params,
  name = 'channel',
): WebApiReply | undefined {
  const channel = text(params, name);
  return channel && ctx.state.channels.some((c) => c.id === channel)
    ? undefined
    : refuse('channel_not_found');
}

const methods: Record<string, (ctx: WebApiContext, params: Params) => WebApiReply> = {
  'auth.test': (ctx) =>
    ok({
      url: `https://${ctx.workspace.teamDomain}.slack.com/`,
      team: ctx.workspace.teamDomain,
      user: 'agentcore',
      team_id: ctx.workspace.teamId,
      user_id: ctx.workspace.botUserId,
      bot_id: ctx.workspace.botId,
      is_enterprise_install: false,
    }),
  'chat.postMessage': (ctx, params) => {
    const refused = channelRefusal(ctx, params) ?? contentRefusal(params);
    if (refused) return refused;
    const threadTs = text(params, 'thread_ts');
    const message: StoredMessage = {
      channel: String(params.channel),
      ts: ctx.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      user: ctx.workspace.botUserId,
      bot_id: ctx.workspace.botId,
      text: typeof params.text === 'string' ? params.text : '',
      ...(Array.isArray(params.blocks) ? { blocks: withBlockIds(params.blocks) } : {}),
      edits: [],
    };
    ctx.state.messages.push(message);
    return ok({ channel: message.channel, ts: message.ts, message: messageJson(message) });
  },
  'chat.update': (ctx, params) => {
    const refused = channelRefusal(ctx, params);
    if (refused) return refused;
    const message = ctx.state.messages.find(
      (m) => m.channel === params.channel && m.ts === params.ts,
    );
    if (!message) return refuse('message_not_found');
    if (message.bot_id !== ctx.workspace.botId) return refuse('cant_update_message');
    const content = contentRefusal(params);
    if (content) return content;
    message.edits.push({
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      at: ctx.clock().toISOString(),
    });
    message.text = typeof params.text === 'string' ? params.text : '';
    if (Array.isArray(params.blocks)) message.blocks = withBlockIds(params.blocks);
    return ok({
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      message: messageJson(message),
    });
  },
  'chat.postEphemeral': (ctx, params) => {
    const refused = channelRefusal(ctx, params) ?? contentRefusal(params);
    if (refused) return refused;
    const user = text(params, 'user');
    if (!user || !ctx.state.people.some((person) => person.userId === user))
      return refuse('user_not_in_channel');
    const threadTs = text(params, 'thread_ts');
    const messageTs = ctx.nextTs();
    ctx.state.ephemerals.push({
      channel: String(params.channel),
      user,
      message_ts: messageTs,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: typeof params.text === 'string' ? params.text : '',
      ...(Array.isArray(params.blocks) ? { blocks: params.blocks } : {}),
    });
    return ok({ message_ts: messageTs });
  },
  'views.open': (ctx, params) => {
    const triggerId = text(params, 'trigger_id');
    const trigger = triggerId ? ctx.triggers.get(triggerId) : undefined;
    if (!triggerId || !trigger) return refuse('invalid_trigger_id');
    if (ctx.clock().getTime() - trigger.issuedAtMs > TRIGGER_LIFETIME_MS)
      return refuse('expired_trigger_id');
    const problems = viewProblems(params.view);
    if (problems.length > 0) return refuse('invalid_arguments', problems);
    ctx.triggers.delete(triggerId);
    const opened: OpenedView = {
      id: randomId('V'),
      userId: trigger.userId,
      triggerId,
      view: params.view as Record<string, unknown>,
      open: true,
      errors: {},
    };
    for (const other of ctx.state.views) if (other.userId === trigger.userId) other.open = false;
    ctx.state.views.push(opened);
    return ok({
      view: { id: opened.id, team_id: ctx.workspace.teamId, ...opened.view, state: { values: {} } },
    });
  },
  'assistant.threads.setStatus': (ctx, params) => {
    const refused = channelRefusal(ctx, params, 'channel_id');
    if (refused) return refused;
    const threadTs = text(params, 'thread_ts');
    if (!threadTs) return refuse('invalid_arguments');
    const statuses = ctx.state.threadStatuses;
    const existing = statuses.findIndex(
      (s) => s.channel === params.channel_id && s.thread_ts === threadTs,
    );
    if (existing >= 0) statuses.splice(existing, 1);
    const status = typeof params.status === 'string' ? params.status : '';
    if (status) statuses.push({ channel: String(params.channel_id), thread_ts: threadTs, status });
    return ok();
  },
  'conversations.replies': (ctx, params) => {
    const refused = channelRefusal(ctx, params);
    if (refused) return refused;
    const ts = text(params, 'ts');
    const thread = ctx.state.messages.filter(
      (m) => m.channel === params.channel && threadOf(m) === ts,
    );
    if (thread.length === 0) return refuse('thread_not_found');
    return ok({
      messages: thread.map(messageJson),
      has_more: false,
      response_metadata: { next_cursor: '' },
    });
  },
};

/** `oauth.v2.access` authenticates the app by its client id and secret, not a token. */
function oauthAccess(
  ctx: WebApiContext,
  params: Params,
  authorization: string | undefined,
): WebApiReply {
  const basic = /^Basic (.+)$/.exec(authorization ?? '')?.[1];
  const [basicId, basicSecret] = basic
    ? Buffer.from(basic, 'base64').toString('utf8').split(':')
    : [];
  const clientId = basicId ?? text(params, 'client_id');
  const clientSecret = basicSecret ?? text(params, 'client_secret');
  if (clientId !== ctx.oauth.clientId) return refuse('invalid_client_id');
  if (clientSecret !== ctx.oauth.clientSecret) return refuse('bad_client_secret');
  const code = text(params, 'code');
  if (!code || !ctx.installCodes.delete(code)) return refuse('invalid_code');
  return ok({
    access_token: ctx.botToken,
    token_type: 'bot',
    scope: 'app_mentions:read,chat:write,channels:history,users:read',
    bot_user_id: ctx.workspace.botUserId,
    app_id: ctx.workspace.appId,
    team: { id: ctx.workspace.teamId, name: ctx.workspace.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    authed_user: { id: ctx.state.people[0]?.userId ?? 'U_INSTALLER' },
  });
}

/** Answers one Web API call as Slack would: HTTP 200 with `ok`, or 429 when scripted. */
export function answerWebApi(
  ctx: WebApiContext,
  method: string,
  params: Params | 'invalid_json',
  authorization: string | undefined,
): WebApiReply {
  const failure = ctx.failures.get(method)?.shift();
  if (params !== 'invalid_json') ctx.state.calls.push({ method, params });
  if (failure && 'status' in failure) {
    return {
      status: 429,
      json: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': String(failure.retryAfter) },
    };
  }
  if (failure) return refuse(failure.error);
  if (params === 'invalid_json') return refuse('invalid_json');
  if (method === 'oauth.v2.access') return oauthAccess(ctx, params, authorization);
  const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!handler) return refuse('unknown_method');
  const refused = authorised(ctx, authorization, params);
  if (refused) return refused;
  const reply = handler(ctx, params);
  if (reply.json.ok === true) ctx.changed();
  return reply;
}
