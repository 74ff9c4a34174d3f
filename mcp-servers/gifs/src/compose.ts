import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type GifsConfig, parseGifsConfig } from './config.js';
import type { HttpSettings } from './http/json-client.js';
import type { GifProviders } from './providers/gif-provider.js';
import { GiphyClient } from './providers/giphy.js';
import { TenorClient } from './providers/tenor.js';
import { buildServer } from './server.js';

/** Edges tests may replace: fetch, sleep, randomness and the clock. */
export type HttpEdges = Pick<HttpSettings, 'fetch' | 'sleep' | 'random' | 'now'>;

/** One client per provider whose API key is configured. */
export function createGifProviders(config: GifsConfig, edges: HttpEdges = {}): GifProviders {
  const http: HttpSettings = {
    ...edges,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    maxRetryAfterMs: config.maxRetryAfterMs,
  };
  return {
    ...(config.giphyApiKey === undefined
      ? {}
      : {
          giphy: new GiphyClient({ ...http, apiKey: config.giphyApiKey, baseUrl: config.giphyUrl }),
        }),
    ...(config.tenorApiKey === undefined
      ? {}
      : {
          tenor: new TenorClient({
            ...http,
            apiKey: config.tenorApiKey,
            baseUrl: config.tenorUrl,
            clientKey: config.tenorClientKey,
          }),
        }),
  };
}

/** Builds the GIF server from an environment record (the only place it is read). */
export function composeGifsServer(
  env: Readonly<Record<string, string | undefined>>,
  edges: HttpEdges = {},
): McpServer {
  return buildServer(createGifProviders(parseGifsConfig(env), edges));
}
