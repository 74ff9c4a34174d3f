import { setTimeout as sleepFor } from 'node:timers/promises';
import { parseRetryAfter } from './retry-after.js';

/** How a client talks HTTP: timeouts, retries and the injectable edges. */
export interface HttpSettings {
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout; default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt on 429 (and, for safe requests, 5xx and network errors); default 2. */
  readonly maxRetries?: number;
  /** Base of the exponential backoff when no Retry-After is given; default 500 ms. */
  readonly backoffMs?: number;
  /** Longest wait between attempts (backoff or Retry-After) worth taking inside one call; default 10 000 ms. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

/** One JSON request; `service` names the upstream in every error message (never the URL). */
export interface JsonRequest {
  readonly service: string;
  readonly url: URL;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /**
   * Whether a 5xx or a network error may be retried. Default: true for GET, PUT and DELETE;
   * a POST that failed that way may have been applied, so it is not repeated unless said so.
   * A 429 is always retried: the upstream refused the request before doing anything.
   */
  readonly retrySafe?: boolean;
  /** What a 401/403 says was refused; default "credentials". */
  readonly credentialName?: string;
  /** The upstream's explanation from its error body; default reads message, meta.msg, error.message. */
  readonly errorDetail?: (body: unknown) => string | undefined;
}

export interface JsonResponse {
  readonly status: number;
  /** The parsed JSON body; undefined for an empty body (204). */
  readonly body: unknown;
}

export type HttpErrorCode =
  | 'rate_limited'
  | 'timeout'
  | 'unavailable'
  | 'unauthorized'
  | 'rejected'
  | 'bad_response';

/** A request that did not get a usable answer; the message names the service, never the URL. */
export class HttpRequestError extends Error {
  readonly code: HttpErrorCode;
  readonly status: number | undefined;
  readonly attempts: number;
  readonly retryAfterSeconds: number | undefined;
  /** The upstream's parsed error body, when it sent one. */
  readonly body: unknown;

  constructor(
    code: HttpErrorCode,
    message: string,
    details: {
      status?: number | undefined;
      attempts: number;
      retryAfterSeconds?: number | undefined;
      body?: unknown;
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'HttpRequestError';
    this.code = code;
    this.status = details.status;
    this.attempts = details.attempts;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.body = details.body;
  }
}

function attemptsText(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

function defaultErrorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidates = [
    Reflect.get(body, 'message'),
    Reflect.get(Reflect.get(body, 'meta') ?? {}, 'msg'),
    Reflect.get(Reflect.get(body, 'error') ?? {}, 'message'),
  ];
  const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
  return typeof found === 'string' ? found : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends one JSON request. Retries 429 (waiting what `Retry-After` says, else exponential backoff
 * with jitter) and, for safe requests, 5xx and network errors, up to `maxRetries` times; maps
 * every failure to an HttpRequestError.
 */
export async function requestJson(
  request: JsonRequest,
  settings: HttpSettings = {},
): Promise<JsonResponse> {
  const name = request.service;
  const method = request.method ?? 'GET';
  const retrySafe = request.retrySafe ?? method !== 'POST';
  const doFetch = settings.fetch ?? fetch;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const maxRetries = Math.max(0, settings.maxRetries ?? 2);
  const backoffMs = settings.backoffMs ?? 500;
  const maxRetryAfterMs = settings.maxRetryAfterMs ?? 10_000;
  const sleep = settings.sleep ?? ((ms: number) => sleepFor(ms));
  const random = settings.random ?? Math.random;
  const now = settings.now ?? Date.now;
  const attempts = maxRetries + 1;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);

  for (let attempt = 1; ; attempt += 1) {
    const backoff = Math.min(
      maxRetryAfterMs,
      backoffMs * 2 ** (attempt - 1) + Math.floor(random() * (backoffMs / 2)),
    );
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new HttpRequestError('timeout', `${name} did not answer within ${timeoutMs} ms`, {
          attempts: attempt,
        });
      }
      if (attempt >= attempts || !retrySafe) {
        throw new HttpRequestError(
          'unavailable',
          `${name} could not be reached after ${attemptsText(attempt)}`,
          { attempts: attempt },
          { cause: error },
        );
      }
      await sleep(backoff);
      continue;
    }

    if (response.ok) {
      if (response.status === 204) {
        await response.body?.cancel();
        return { status: 204, body: undefined };
      }
      const text = await response.text();
      if (text.trim() === '') return { status: response.status, body: undefined };
      try {
        return { status: response.status, body: JSON.parse(text) };
      } catch (error) {
        throw new HttpRequestError(
          'bad_response',
          `${name} answered with invalid JSON`,
          { status: response.status, attempts: attempt },
          { cause: error },
        );
      }
    }

    if (response.status === 429) {
      const body = await readJson(response);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      const retryAfterSeconds =
        retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
      const tooLong = retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs;
      if (attempt >= attempts || tooLong) {
        const wait =
          retryAfterSeconds === undefined ? '' : `; it asks to retry after ${retryAfterSeconds} s`;
        throw new HttpRequestError(
          'rate_limited',
          `${name} is rate limiting requests (HTTP 429); gave up after ${attemptsText(attempt)}${wait}`,
          { status: 429, attempts: attempt, retryAfterSeconds, body },
        );
      }
      await sleep(retryAfterMs ?? backoff);
      continue;
    }

    if (response.status >= 500) {
      const body = await readJson(response);
      if (attempt >= attempts || !retrySafe) {
        throw new HttpRequestError(
          'unavailable',
          `${name} failed with HTTP ${response.status} after ${attemptsText(attempt)}`,
          { status: response.status, attempts: attempt, body },
        );
      }
      await sleep(backoff);
      continue;
    }

    const body = await readJson(response);
    const detail = (request.errorDetail ?? defaultErrorDetail)(body)?.slice(0, 500);
    const suffix = detail === undefined || detail === '' ? '' : `: ${detail}`;
    if (response.status === 401 || response.status === 403) {
      throw new HttpRequestError(
        'unauthorized',
        `${name} refused the ${request.credentialName ?? 'credentials'} (HTTP ${response.status})${suffix}`,
        { status: response.status, attempts: attempt, body },
      );
    }
    throw new HttpRequestError(
      'rejected',
      `${name} rejected the request (HTTP ${response.status})${suffix}`,
      { status: response.status, attempts: attempt, body },
    );
  }
}
