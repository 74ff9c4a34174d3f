import type { CatalogGif } from '@agentcore/stand-ins';
import { DEFAULT_CATALOG } from '@agentcore/stand-ins';
import { describe, expect, it } from 'vitest';
import { TENOR_KEY, textOf, useHarness } from './support/harness.js';

// Tenor often has empty titles; these exercise the seed's default titles.
const UNTITLED: CatalogGif[] = DEFAULT_CATALOG.map((gif) => ({ ...gif, title: '' }));

describe('get_random_gif', () => {
  const harness = useHarness();

  it('asks Giphy /random for the tag and rating', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_random_gif', { tag: 'cat' });

    // Assess
    expect(harness.giphy.requests[0]).toMatchObject({
      path: '/v1/gifs/random',
      query: { tag: 'cat', rating: 'g' },
    });
    expect(result.structuredContent).toMatchObject({ source: 'giphy', title: 'Cat Typing GIF' });
  });

  it('asks Giphy for any GIF without a tag', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_random_gif', {});

    // Assess
    expect(harness.giphy.requests[0]?.query.tag).toBe('');
    expect(result.isError).toBeFalsy();
  });

  it('reports a tag Giphy has nothing for', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_random_gif', { tag: 'no such thing' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('No Giphy GIFs found for the given tag');
    expect(harness.tenor.requests).toHaveLength(0);
  });

  it('picks at random from a Tenor search of 20 for the tag', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false, random: () => 0.99 });

    // Act
    const result = await connected.call('get_random_gif', { tag: 'cat', rating: 'g' });

    // Assess
    expect(harness.tenor.requests[0]).toMatchObject({
      path: '/v2/search',
      query: { key: TENOR_KEY, q: 'cat', limit: '20', contentfilter: 'high' },
    });
    expect(result.structuredContent).toMatchObject({ source: 'tenor', title: 'Cat Sleeping GIF' });
  });

  it('picks from Tenor featured GIFs without a tag', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('get_random_gif', {});

    // Assess
    expect(harness.tenor.requests[0]?.path).toBe('/v2/featured');
    expect(result.structuredContent).toMatchObject({ source: 'tenor' });
  });

  it('reports a tag Tenor has nothing for, in the seed words', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('get_random_gif', { tag: 'no such thing' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('No Tenor GIFs found for the given tag');
  });
});

describe('get_trending_gifs', () => {
  const harness = useHarness({ tenor: UNTITLED });

  it('reads Giphy /trending and answers with query "trending" and the limit', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_trending_gifs', { limit: 3, rating: 'pg' });

    // Assess
    expect(harness.giphy.requests[0]).toMatchObject({
      path: '/v1/gifs/trending',
      query: { limit: '3', rating: 'pg' },
    });
    expect(result.structuredContent).toMatchObject({
      total_count: 3,
      query: 'trending',
      pagination: { limit: 3 },
    });
  });

  it('reads Tenor /featured, titling untitled GIFs "Trending Tenor GIF"', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('get_trending_gifs', { limit: 2 });

    // Assess
    expect(harness.tenor.requests[0]).toMatchObject({
      path: '/v2/featured',
      query: { limit: '2', contentfilter: 'high', client_key: 'agentcore_marketplace' },
    });
    expect(result.structuredContent).toMatchObject({
      total_count: 2,
      query: 'trending',
      pagination: { limit: 2 },
      gifs: [{ title: 'Trending Tenor GIF' }, { title: 'Trending Tenor GIF' }],
    });
  });

  it('titles untitled Tenor search results "Tenor GIF"', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat', limit: 1 });

    // Assess
    expect(result.structuredContent).toMatchObject({ gifs: [{ title: 'Tenor GIF' }] });
  });
});
