import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GifError } from '../errors.js';
import type { GifProviders } from '../providers/gif-provider.js';
import { planProviders, withFallback } from '../providers/resolve.js';
import { GetTrendingGifsInputSchema, GifSearchOutputSchema } from '../schemas.js';
import { READ_ONLY_OPEN_WORLD } from './result.js';

export function registerGetTrendingGifs(server: McpServer, providers: GifProviders): void {
  server.registerTool(
    'get_trending_gifs',
    {
      title: 'Get trending GIFs',
      description:
        "Returns the provider's current trending (Giphy) or featured (Tenor) GIFs, up to the given content rating.",
      inputSchema: GetTrendingGifsInputSchema,
      outputSchema: GifSearchOutputSchema,
      annotations: READ_ONLY_OPEN_WORLD,
    },
    (input) =>
      runTool(GifError, async () => {
        const plan = planProviders(input.source, providers);
        const { value, fallback } = await withFallback(plan, (provider) =>
          provider.trending({ limit: input.limit, rating: input.rating }),
        );
        return toolResult({
          gifs: value.gifs,
          total_count: value.totalCount,
          query: 'trending',
          pagination: value.pagination,
          ...(fallback ? { fallback } : {}),
        });
      }),
  );
}
