import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GifError } from '../errors.js';
import type { GifProviders } from '../providers/gif-provider.js';
import { planProviders, withFallback } from '../providers/resolve.js';
import { GetRandomGifInputSchema, RandomGifOutputSchema } from '../schemas.js';
import { READ_ONLY_OPEN_WORLD } from './result.js';

export function registerGetRandomGif(server: McpServer, providers: GifProviders): void {
  server.registerTool(
    'get_random_gif',
    {
      title: 'Get a random GIF',
      description:
        'Returns one random GIF, optionally on a topic (tag), up to the given content rating.',
      inputSchema: GetRandomGifInputSchema,
      outputSchema: RandomGifOutputSchema,
      annotations: READ_ONLY_OPEN_WORLD,
    },
    (input) =>
      runTool(GifError, async () => {
        const plan = planProviders(input.source, providers);
        const { value, fallback } = await withFallback(plan, (provider) =>
          provider.random({ tag: input.tag || undefined, rating: input.rating }),
        );
        return toolResult({ ...value, ...(fallback ? { fallback } : {}) });
      }),
  );
}
