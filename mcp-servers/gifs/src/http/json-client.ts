import { setTimeout as sleepFor } from 'node:timers/promises';
import { GifProviderError, GifRateLimitError } from '../errors.js';
import type { GifSource } from '../schemas.js';
import { parseRetryAfter } from './retry-after.js';

/** How a provider client talks HTTP: timeouts, retries and the injectable edges. */
export interface HttpSettings {
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout; default 10 000 ms (the seed's). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx and network errors; default 2. */
  readonly maxRetries?: number;
  /** Base of the exponential backoff when no Retry-After is given; default 500 ms. */
  readonly backoffMs?: number;
  /** Longest Retry-After worth waiting for inside one tool call; default 10 000 ms. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

const PROVIDER_NAMES: Readonly<Record<GifSource, string>> = { giphy: 'Giphy', tenor: 'Tenor' };

function attemptsText(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

// The upstream's own explanation, when its error body has one, trimmed for a tool message.
async function upstreamMessage(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null) return undefined;
    const candidates = [
      Reflect.get(body, 'message'),
      Reflect.get(Reflect.get(body, 'meta') ?? {}, 'msg'),
      Reflect.get(Reflect.get(body, 'error') ?? {}, 'message'),
    ];
    const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
    return typeof found === 'string' ? found.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GETs JSON from a provider. Retries 429 (waiting what `Retry-After` says, else exponential
 * backoff with jitter), 5xx and network errors up to `maxRetries` times; maps every failure to
 * a GifProviderError whose message names the provider but never the URL (it holds the key).
 */
export async function getJson(
  source: GifSource,
  url: URL,
  settings: HttpSettings = {},
): Promise<unknown> {
  const name = PROVIDER_NAMES[source];
  const doFetch = settings.fetch ?? fetch;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const maxRetries = Math.max(0, settings.maxRetries ?? 2);
  const backoffMs = settings.backoffMs ?? 500;
  const maxRetryAfterMs = settings.maxRetryAfterMs ?? 10_000;
  const sleep = settings.sleep ?? ((ms: number) => sleepFor(ms));
  const random = settings.random ?? Math.random;
  const now = settings.now ?? Date.now;
  const attempts = maxRetries + 1;

  for (let attempt = 1; ; attempt += 1) {
    const backoff = backoffMs * 2 ** (attempt - 1) + Math.floor(random() * (backoffMs / 2));
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new GifProviderError(
          source,
          'timeout',
          `${name} did not answer within ${timeoutMs} ms`,
        );
      }
      if (attempt >= attempts) {
        throw new GifProviderError(
          source,
          'unavailable',
          `${name} could not be reached after ${attemptsText(attempts)}`,
          { cause: error },
        );
      }
      await sleep(backoff);
      continue;
    }

    if (response.ok) {
      try {
        return await response.json();
      } catch (error) {
        throw new GifProviderError(source, 'bad_response', `${name} answered with invalid JSON`, {
          cause: error,
        });
      }
    }

    if (response.status === 429) {
      await response.body?.cancel();
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      const retryAfterSeconds =
        retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
      const tooLong = retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs;
      if (attempt >= attempts || tooLong) {
        const wait =
          retryAfterSeconds === undefined ? '' : `; it asks to retry after ${retryAfterSeconds} s`;
        throw new GifRateLimitError(
          source,
          `${name} is rate limiting requests (HTTP 429); gave up after ${attemptsText(attempt)}${wait}`,
          attempt,
          retryAfterSeconds,
        );
      }
      await sleep(retryAfterMs ?? backoff);
      continue;
    }

    if (response.status >= 500) {
      await response.body?.cancel();
      if (attempt >= attempts) {
        throw new GifProviderError(
          source,
          'unavailable',
          `${name} failed with HTTP ${response.status} after ${attemptsText(attempts)}`,
        );
      }
      await sleep(backoff);
      continue;
    }

    const detail = await upstreamMessage(response);
    const suffix = detail === undefined ? '' : `: ${detail}`;
    if (response.status === 401 || response.status === 403) {
      throw new GifProviderError(
        source,
        'unauthorized',
        `${name} refused the API key (HTTP ${response.status})${suffix}`,
      );
    }
    throw new GifProviderError(
      source,
      'rejected',
      `${name} rejected the request (HTTP ${response.status})${suffix}`,
    );
  }
}
