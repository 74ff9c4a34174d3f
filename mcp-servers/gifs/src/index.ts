export { parseRetryAfter } from '@agentcore/mcp';
export { composeGifsServer, createGifProviders, type HttpEdges } from './compose.js';
export { type GifsConfig, parseGifsConfig } from './config.js';
export { GifError, type GifErrorCode, GifProviderError, GifRateLimitError } from './errors.js';
export { getJson, type HttpSettings } from './http/json-client.js';
export type {
  GifPage,
  GifProvider,
  GifProviders,
  RandomParams,
  SearchParams,
  TrendingParams,
} from './providers/gif-provider.js';
export { DEFAULT_GIPHY_URL, GiphyClient, type GiphyClientOptions } from './providers/giphy.js';
export { TENOR_CONTENT_FILTER, withinRating } from './providers/rating.js';
export {
  type ProviderPlan,
  planProviders,
  type Served,
  withFallback,
} from './providers/resolve.js';
export {
  DEFAULT_TENOR_CLIENT_KEY,
  DEFAULT_TENOR_URL,
  TenorClient,
  type TenorClientOptions,
} from './providers/tenor.js';
export {
  type Fallback,
  FallbackSchema,
  type GetRandomGifForSlackInput,
  GetRandomGifForSlackInputSchema,
  type GetRandomGifInput,
  GetRandomGifInputSchema,
  type GetTrendingGifsInput,
  GetTrendingGifsInputSchema,
  GIF_RATINGS,
  GIF_SOURCES,
  type GifRating,
  GifRatingSchema,
  type GifResult,
  GifResultSchema,
  type GifSearchOutput,
  GifSearchOutputSchema,
  type GifSource,
  GifSourceSchema,
  type Pagination,
  PaginationSchema,
  RandomGifOutputSchema,
  type SearchGifsInput,
  SearchGifsInputSchema,
} from './schemas.js';
export {
  buildServer,
  GIFS_SERVER_NAME,
  GIFS_SERVER_VERSION,
  type GifsServerDeps,
} from './server.js';
export {
  escapeSlackText,
  formatGifForSlack,
  type SlackGifMessage,
  SlackGifMessageSchema,
  SlackImageBlockSchema,
  SlackSectionBlockSchema,
} from './slack.js';
