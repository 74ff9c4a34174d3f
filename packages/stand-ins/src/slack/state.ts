/** One person of the local workspace. */
export interface SlackPerson {
  readonly userId: string;
  readonly displayName: string;
}

export interface SlackChannel {
  readonly id: string;
  readonly name: string;
}

/** A message as the local workspace holds it; `edits` keeps what `chat.update` replaced. */
export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly thread_ts?: string;
  /** The author: a person, or our bot (with `bot_id`). */
  readonly user: string;
  readonly bot_id?: string;
  text: string;
  blocks?: unknown[];
  readonly edits: Array<{ text: string; blocks?: unknown[]; at: string }>;
}

export interface StoredEphemeral {
  readonly channel: string;
  readonly user: string;
  readonly message_ts: string;
  readonly thread_ts?: string;
  readonly text: string;
  readonly blocks?: unknown[];
}

export interface OpenedView {
  readonly id: string;
  readonly userId: string;
  readonly triggerId: string;
  view: Record<string, unknown>;
  open: boolean;
  /** Errors the app returned for the last submission, by block id. */
  errors: Record<string, string>;
}

/** A signed request the stand-in delivered to the gateway, and how the gateway answered. */
export interface Delivery {
  readonly kind: 'event' | 'block_actions' | 'view_submission';
  readonly url: string;
  readonly body: string;
  /** 0 when the gateway could not be reached or did not answer in time. */
  readonly status: number;
  readonly response: string;
  /** How long the gateway took to answer; Slack gives up after 3 000 ms. */
  readonly elapsedMs: number;
  /** The gateway answered `X-Slack-No-Retry: 1`: a failed event is not delivered again. */
  readonly noRetry: boolean;
}

export interface WebApiCall {
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The local workspace as it is now: what tests assert on and the page shows. */
export interface SlackWorkspaceState {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly people: SlackPerson[];
  readonly channels: SlackChannel[];
  readonly messages: StoredMessage[];
  readonly ephemerals: StoredEphemeral[];
  readonly views: OpenedView[];
  readonly threadStatuses: Array<{ channel: string; thread_ts: string; status: string }>;
  readonly deliveries: Delivery[];
  /** Every Web API call, refused ones included, with its parameters (blocks decoded). */
  readonly calls: WebApiCall[];
}

/** A channel from its id (`C…`/`G…`) or its name (`ops` becomes `C_OPS`). */
export function channelOf(spec: string): SlackChannel {
  if (/^[CG][A-Z0-9_]{2,}$/.test(spec))
    return { id: spec, name: spec.replace(/^[CG]_?/, '').toLowerCase() };
  const name = spec.replace(/^#/, '').toLowerCase();
  return { id: `C_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`, name };
}

/** Slack's message timestamps: unique, increasing, `seconds.micros`. */
export function timestamps(clock: () => Date): () => string {
  let last = 0;
  return () => {
    const micros = Math.max(clock().getTime() * 1000, last + 1);
    last = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
}

/** The thread a message belongs to: its parent's ts, or its own when it starts one. */
export function threadOf(message: { ts: string; thread_ts?: string }): string {
  return message.thread_ts ?? message.ts;
}
