import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GifProviders } from './providers/gif-provider.js';
import { registerGetRandomGif } from './tools/get-random-gif.js';
import { registerGetRandomGifForSlack } from './tools/get-random-gif-for-slack.js';
import { registerGetTrendingGifs } from './tools/get-trending-gifs.js';
import { registerSearchGifs } from './tools/search-gifs.js';

export const GIFS_SERVER_NAME = 'gifs';
export const GIFS_SERVER_VERSION = '0.1.0';

/** The providers whose API keys are configured; none is a valid (if unhelpful) setup. */
export type GifsServerDeps = GifProviders;

/**
 * The GIF MCP server: `search_gifs`, `get_random_gif`, `get_trending_gifs` and
 * `get_random_gif_for_slack` over Giphy and Tenor.
 */
export function buildServer(deps: GifsServerDeps): McpServer {
  const server = new McpServer({ name: GIFS_SERVER_NAME, version: GIFS_SERVER_VERSION });
  registerSearchGifs(server, deps);
  registerGetRandomGif(server, deps);
  registerGetTrendingGifs(server, deps);
  registerGetRandomGifForSlack(server, deps);
  return server;
}
