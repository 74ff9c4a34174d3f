import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GifError } from '../errors.js';
import type { GifProviders } from '../providers/gif-provider.js';
import { planProviders, withFallback } from '../providers/resolve.js';
import { GetRandomGifForSlackInputSchema, GifSourceSchema } from '../schemas.js';
import { formatGifForSlack, SlackGifMessageSchema } from '../slack.js';
import { READ_ONLY_OPEN_WORLD } from './result.js';

const SlackGifOutputSchema = SlackGifMessageSchema.extend({ source: GifSourceSchema });

// The seed's manifest advertised this tool without implementing it; this is what it promised.
export function registerGetRandomGifForSlack(server: McpServer, providers: GifProviders): void {
  server.registerTool(
    'get_random_gif_for_slack',
    {
      title: 'Get a random GIF as a Slack message',
      description:
        'Returns one random GIF as a ready-to-post Slack message: fallback text, gif_url, gif_title and Block Kit blocks.',
      inputSchema: GetRandomGifForSlackInputSchema,
      outputSchema: SlackGifOutputSchema,
      annotations: READ_ONLY_OPEN_WORLD,
    },
    (input) =>
      runTool(GifError, async () => {
        const plan = planProviders(input.source, providers);
        const { value } = await withFallback(plan, (provider) =>
          provider.random({ tag: input.tag || undefined, rating: input.rating }),
        );
        return toolResult({ ...formatGifForSlack(value, input.message), source: value.source });
      }),
  );
}
