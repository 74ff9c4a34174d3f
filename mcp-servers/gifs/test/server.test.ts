import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

describe('GIF server tool list', () => {
  const harness = useHarness();

  it('lists the four tools as read-only, idempotent, open-world, with output schemas', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const { tools } = await connected.client.listTools();

    // Assess
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'get_random_gif',
      'get_random_gif_for_slack',
      'get_trending_gifs',
      'search_gifs',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toEqual({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      });
      expect(tool.outputSchema?.type).toBe('object');
    }
  });

  it('advertises the seed parameters with their defaults and bounds', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const { tools } = await connected.client.listTools();

    // Assess
    const search = tools.find((tool) => tool.name === 'search_gifs');
    expect(search?.inputSchema.required).toEqual(['query']);
    expect(search?.inputSchema.properties).toMatchObject({
      limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
      rating: { enum: ['g', 'pg', 'pg-13', 'r'], default: 'g' },
      language: { type: 'string', default: 'en' },
      offset: { type: 'integer', minimum: 0, default: 0 },
      source: { enum: ['giphy', 'tenor'] },
    });
    const trending = tools.find((tool) => tool.name === 'get_trending_gifs');
    expect(trending?.inputSchema.properties).toMatchObject({ time_period: { default: 'day' } });
  });
});
