import { HttpRequestError, type HttpSettings, requestJson } from '@agentcore/mcp';
import { GifProviderError, GifRateLimitError } from '../errors.js';
import type { GifSource } from '../schemas.js';

export type { HttpSettings } from '@agentcore/mcp';

const PROVIDER_NAMES: Readonly<Record<GifSource, string>> = { giphy: 'Giphy', tenor: 'Tenor' };

/**
 * GETs JSON from a provider through the shared HTTP client (timeouts, bounded retries, 429
 * `Retry-After`), mapping its failures to GifProviderError; messages never hold the URL (it
 * holds the key).
 */
export async function getJson(
  source: GifSource,
  url: URL,
  settings: HttpSettings = {},
): Promise<unknown> {
  try {
    const response = await requestJson(
      { service: PROVIDER_NAMES[source], url, credentialName: 'API key' },
      settings,
    );
    return response.body;
  } catch (error) {
    if (!(error instanceof HttpRequestError)) throw error;
    if (error.code === 'rate_limited') {
      throw new GifRateLimitError(source, error.message, error.attempts, error.retryAfterSeconds);
    }
    throw new GifProviderError(source, error.code, error.message, { cause: error });
  }
}
