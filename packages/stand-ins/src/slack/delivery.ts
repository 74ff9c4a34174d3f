import { createHmac, randomBytes } from 'node:crypto';
import type { Delivery, OpenedView, SlackChannel, SlackPerson, StoredMessage } from './state.js';

/** Who the local workspace is, as every payload names it. */
export interface Workspace {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** Slack's deprecated verification token, still sent in every payload. */
  readonly verificationToken: string;
}

const DELIVERY_TIMEOUT_MS = 10_000;

/** Slack's v0 signature of `body` at `timestamp`: what `X-Slack-Signature` carries. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Sends one signed request to the gateway as Slack does, and records how it answered. */
export async function deliver(input: {
  kind: Delivery['kind'];
  url: string;
  body: string;
  contentType: string;
  signingSecret: string;
  now: Date;
  /** Set on Slack's retries of an event: `1`..`3`, and why (`http_timeout`, `http_error`). */
  retry?: { num: number; reason: string };
}): Promise<Delivery> {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(input.url, {
      method: 'POST',
      headers: {
        'content-type': input.contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(input.signingSecret, timestamp, input.body),
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...(input.retry
          ? {
              'x-slack-retry-num': String(input.retry.num),
              'x-slack-retry-reason': input.retry.reason,
            }
          : {}),
      },
      body: input.body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      redirect: 'error',
    });
    const text = await response.text();
    return {
      kind: input.kind,
      url: input.url,
      body: input.body,
      status: response.status,
      response: text,
      elapsedMs: elapsed(),
      noRetry: response.headers.get('x-slack-no-retry') === '1',
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      kind: input.kind,
      url: input.url,
      body: input.body,
      status: 0,
      response: reason,
      elapsedMs: elapsed(),
      noRetry: false,
    };
  }
}

export function randomId(prefix: string, length = 10): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  return prefix + Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

function userOf(person: SlackPerson, workspace: Workspace) {
  return {
    id: person.userId,
    username: person.displayName.toLowerCase().replace(/\s+/g, '.'),
    name: person.displayName.toLowerCase().replace(/\s+/g, '.'),
    team_id: workspace.teamId,
  };
}

/** An Events API `event_callback` envelope for a person's message, as Slack sends it. */
export function eventEnvelope(
  workspace: Workspace,
  message: StoredMessage,
  mentionsBot: boolean,
  now: Date,
) {
  const event = {
    type: mentionsBot ? 'app_mention' : 'message',
    user: message.user,
    text: message.text,
    ts: message.ts,
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    channel: message.channel,
    event_ts: message.ts,
    team: workspace.teamId,
    ...(mentionsBot ? {} : { channel_type: 'channel' }),
  };
  return {
    token: workspace.verificationToken,
    team_id: workspace.teamId,
    api_app_id: workspace.appId,
    event,
    type: 'event_callback',
    event_id: randomId('Ev'),
    event_time: Math.floor(now.getTime() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: workspace.teamId,
        user_id: workspace.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: randomId('4-', 24),
  };
}

/** A `block_actions` payload for a button press on a message. */
export function blockActionsPayload(input: {
  workspace: Workspace;
  person: SlackPerson;
  channel: SlackChannel;
  message: StoredMessage;
  action: { action_id: string; block_id: string; value?: string; text: string; style?: string };
  triggerId: string;
  responseUrl: string;
  now: Date;
}) {
  const { workspace, message } = input;
  return {
    type: 'block_actions',
    user: userOf(input.person, workspace),
    api_app_id: workspace.appId,
    token: workspace.verificationToken,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: false,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
    trigger_id: input.triggerId,
    team: { id: workspace.teamId, domain: workspace.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel.id, name: input.channel.name },
    message: {
      type: 'message',
      user: message.user,
      ...(message.bot_id ? { bot_id: message.bot_id } : {}),
      text: message.text,
      ts: message.ts,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      blocks: message.blocks ?? [],
    },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: input.action.action_id,
        block_id: input.action.block_id,
        ...(input.action.value !== undefined ? { value: input.action.value } : {}),
        text: { type: 'plain_text', text: input.action.text, emoji: true },
        ...(input.action.style ? { style: input.action.style } : {}),
        action_ts: String(input.now.getTime() / 1000),
      },
    ],
  };
}

/** A `view_submission` payload: the view as opened, with the person's input in `state`. */
export function viewSubmissionPayload(input: {
  workspace: Workspace;
  person: SlackPerson;
  opened: OpenedView;
  values: Record<string, Record<string, { type: string; value: string }>>;
  triggerId: string;
}) {
  const { workspace, opened } = input;
  return {
    type: 'view_submission',
    team: { id: workspace.teamId, domain: workspace.teamDomain },
    user: userOf(input.person, workspace),
    api_app_id: workspace.appId,
    token: workspace.verificationToken,
    trigger_id: input.triggerId,
    view: {
      id: opened.id,
      team_id: workspace.teamId,
      ...opened.view,
      state: { values: input.values },
      hash: randomId('', 16),
      previous_view_id: null,
      root_view_id: opened.id,
      app_id: workspace.appId,
      bot_id: workspace.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
