import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GifError } from '../errors.js';
import type { GifProviders } from '../providers/gif-provider.js';
import { planProviders, withFallback } from '../providers/resolve.js';
import { GifSearchOutputSchema, SearchGifsInputSchema } from '../schemas.js';
import { READ_ONLY_OPEN_WORLD } from './result.js';

export function registerSearchGifs(server: McpServer, providers: GifProviders): void {
  server.registerTool(
    'search_gifs',
    {
      title: 'Search GIFs',
      description:
        'Searches Giphy or Tenor for GIFs matching a query, up to the given content rating.',
      inputSchema: SearchGifsInputSchema,
      outputSchema: GifSearchOutputSchema,
      annotations: READ_ONLY_OPEN_WORLD,
    },
    (input) =>
      runTool(GifError, async () => {
        const plan = planProviders(input.source, providers);
        const { value, fallback } = await withFallback(plan, (provider) =>
          provider.search({
            query: input.query,
            limit: input.limit,
            rating: input.rating,
            language: input.language,
            offset: input.offset,
          }),
        );
        return toolResult({
          gifs: value.gifs,
          total_count: value.totalCount,
          query: input.query,
          pagination: value.pagination,
          ...(fallback ? { fallback } : {}),
        });
      }),
  );
}
