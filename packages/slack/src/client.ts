import type { Block, KnownBlock, View } from '@slack/types';
import { ErrorCode, type Logger, LogLevel, type WebAPICallResult, WebClient } from '@slack/web-api';
import * as z from 'zod';
import { SlackApiError } from './errors.js';
import { createChannelPacer, type PaceTime } from './pace.js';

export type SlackBlock = KnownBlock | Block;

export interface PostMessageArgs {
  channel: string;
  thread_ts?: string;
  /** The notification and screen-reader fallback; shown alone where blocks cannot be. */
  text: string;
  blocks?: SlackBlock[];
}

export interface UpdateMessageArgs {
  channel: string;
  ts: string;
  text: string;
  blocks?: SlackBlock[];
}

export interface PostEphemeralArgs extends PostMessageArgs {
  /** The one person who sees it. */
  user: string;
}

export interface OAuthV2AccessArgs {
  client_id: string;
  client_secret: string;
  code: string;
  redirect_uri?: string;
}

export const OAuthV2AccessResultSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  scope: z.string().default(''),
  bot_user_id: z.string().optional(),
  app_id: z.string().optional(),
  team: z.object({ id: z.string(), name: z.string().optional() }).nullish(),
  enterprise: z.object({ id: z.string(), name: z.string().optional() }).nullish(),
  is_enterprise_install: z.boolean().optional(),
  authed_user: z.object({ id: z.string() }).loose().optional(),
});
export type OAuthV2AccessResult = z.infer<typeof OAuthV2AccessResultSchema>;

/** The Slack Web API methods we use, each with bounded retries and a timeout. */
export interface SlackClient {
  postMessage(args: PostMessageArgs): Promise<{ ts: string; channel: string }>;
  /** Paced per channel (about one a second); a newer update of a waiting message replaces it. */
  updateMessage(args: UpdateMessageArgs): Promise<{ ts: string; channel: string }>;
  postEphemeral(args: PostEphemeralArgs): Promise<{ messageTs: string }>;
  openView(args: { trigger_id: string; view: View }): Promise<{ viewId: string }>;
  /**
   * Slack's thread status ("is planning…"); only assistant threads have one, so a refusal
   * saying the API does not apply here is `{ applied: false }`, not an error.
   */
  setThreadStatus(args: {
    channel_id: string;
    thread_ts: string;
    status: string;
  }): Promise<{ applied: boolean }>;
  /** Exchanges an install's code for its bot token; needs no token of its own. */
  oauthV2Access(args: OAuthV2AccessArgs): Promise<OAuthV2AccessResult>;
}

export interface SlackClientOptions {
  token: string;
  /** Base URL ending in `/api/`; a local stand-in in tests and `npm start`. */
  slackApiUrl?: string;
  /** Per HTTP attempt; default 10 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** The longest `Retry-After` we wait out; a longer one fails at once. Default 30 s. */
  maxRetryAfterMs?: number;
  /** Least time between two `chat.update`s in one channel; default 1000 ms. */
  updateIntervalMs?: number;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

const ResultWithTs = z.object({ ts: z.string().min(1), channel: z.string().min(1) });
const EphemeralResult = z.object({ message_ts: z.string().min(1) });
const ViewResult = z.object({ view: z.object({ id: z.string().min(1) }) });

/** Refusals meaning "there is no assistant thread status here", not that something broke. */
const STATUS_NOT_APPLICABLE = new Set([
  'not_allowed',
  'not_allowed_token_type',
  'missing_scope',
  'invalid_thread_ts',
  'thread_not_found',
  'feature_not_enabled',
  'unknown_method',
  'method_deprecated',
]);

/** Methods safe to send twice: a retry after an unanswered attempt cannot post a duplicate. */
const REPEATABLE = new Set(['chat.update', 'assistant.threads.setStatus']);

const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Slack's own `error` when it answered `ok: false`. */
function platformErrorOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || error.code !== ErrorCode.PlatformError) {
    return undefined;
  }
  const data: unknown = 'data' in error ? error.data : undefined;
  const code =
    data && typeof data === 'object' && 'error' in data ? String(data.error) : 'unknown_error';
  return code;
}

function transportCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  if (error.code === ErrorCode.HTTPError && 'statusCode' in error) {
    return `http_${String(error.statusCode)}`;
  }
  if (error.code === ErrorCode.RequestError && 'original' in error) {
    const original = error.original as Error;
    return original.name === 'TimeoutError' || original.name === 'AbortError'
      ? 'timeout'
      : 'request_failed';
  }
  return undefined;
}

/**
 * A Slack Web API client on `@slack/web-api`'s WebClient, with its own retry loop so waits run
 * on an injectable clock: 429s wait out `Retry-After`; transport failures are retried with
 * backoff only for methods that are safe to repeat; Slack's refusals are never retried.
 */
export function createSlackClient(options: SlackClientOptions): SlackClient {
  const maxRetries = options.maxRetries ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const sleep = options.sleep ?? realSleep;
  const clock = options.clock ?? (() => new Date());
  const webClientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    timeout: options.timeoutMs ?? 10_000,
    // Retries are ours (below): WebClient's would sleep on the real clock for up to 30 minutes.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    allowAbsoluteUrls: false,
    logger: options.logger ?? quietLogger,
  };
  const web = new WebClient(options.token, webClientOptions);
  const anonymous = new WebClient(undefined, webClientOptions);

  async function call(
    method: string,
    args: Record<string, unknown>,
    client: WebClient = web,
  ): Promise<WebAPICallResult> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await client.apiCall(method, args);
      } catch (error) {
        const refusal = platformErrorOf(error);
        if (refusal !== undefined) throw new SlackApiError(method, refusal, { cause: error });
        if (error instanceof Error && 'retryAfter' in error) {
          const retryAfterSeconds = Number(error.retryAfter);
          const waitMs = retryAfterSeconds * 1000;
          if (attempt >= maxRetries || waitMs > maxRetryAfterMs) {
            throw new SlackApiError(method, 'ratelimited', { cause: error, retryAfterSeconds });
          }
          await sleep(waitMs);
          continue;
        }
        const code = transportCode(error) ?? 'request_failed';
        if (attempt >= maxRetries || !REPEATABLE.has(method)) {
          throw new SlackApiError(method, code, { cause: error });
        }
        await sleep(250 * 2 ** attempt);
      }
    }
  }

  function parsed<S extends z.ZodType>(method: string, schema: S, result: unknown): z.infer<S> {
    const checked = schema.safeParse(result);
    if (!checked.success) throw new SlackApiError(method, 'invalid_response');
    return checked.data;
  }

  const pacedUpdate = createChannelPacer(
    options.updateIntervalMs ?? 1_000,
    { nowMs: () => clock().getTime(), sleep } satisfies PaceTime,
    async (args: UpdateMessageArgs) =>
      parsed(
        'chat.update',
        ResultWithTs,
        await call('chat.update', { ...args } as Record<string, unknown>),
      ),
  );

  return {
    async postMessage(args) {
      const result = await call('chat.postMessage', {
        ...args,
        // A link in a result is shown as written, never expanded into someone else's preview.
        unfurl_links: false,
        unfurl_media: false,
      });
      return parsed('chat.postMessage', ResultWithTs, result);
    },
    updateMessage(args) {
      return pacedUpdate(args.channel, args.ts, args);
    },
    async postEphemeral(args) {
      const result = await call('chat.postEphemeral', { ...args });
      return { messageTs: parsed('chat.postEphemeral', EphemeralResult, result).message_ts };
    },
    async openView(args) {
      const result = await call('views.open', { ...args });
      return { viewId: parsed('views.open', ViewResult, result).view.id };
    },
    async setThreadStatus(args) {
      try {
        await call('assistant.threads.setStatus', { ...args });
        return { applied: true };
      } catch (error) {
        if (error instanceof SlackApiError && STATUS_NOT_APPLICABLE.has(error.code)) {
          return { applied: false };
        }
        throw error;
      }
    },
    async oauthV2Access(args) {
      const result = await call('oauth.v2.access', { ...args }, anonymous);
      return parsed('oauth.v2.access', OAuthV2AccessResultSchema, result);
    },
  };
}
