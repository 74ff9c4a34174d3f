import { DEFAULT_CATALOG, toGiphyGif } from '@agentcore/stand-ins';
import { describe, expect, it } from 'vitest';
import { textOf, useHarness } from './support/harness.js';

// "celebrate" matches one catalog GIF of each rating.
const TITLES = {
  g: 'Party Celebrate GIF',
  pg: 'Happy Dance Celebrate GIF',
  'pg-13': 'Champagne Celebrate GIF',
  r: 'Wild Night Celebrate GIF',
} as const;

function titlesOf(result: { structuredContent?: Record<string, unknown> }): string[] {
  const gifs = result.structuredContent?.gifs;
  return Array.isArray(gifs) ? gifs.map((gif: { title: string }) => gif.title) : [];
}

describe('rating is honoured on both providers', () => {
  const harness = useHarness();

  it.each([
    ['g', [TITLES.g]],
    ['pg', [TITLES.g, TITLES.pg]],
    ['pg-13', [TITLES.g, TITLES.pg, TITLES['pg-13']]],
    ['r', [TITLES.g, TITLES.pg, TITLES['pg-13'], TITLES.r]],
  ])('rating %s on Giphy and on Tenor gives the same GIFs', async (rating, expected) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const giphy = await connected.call('search_gifs', {
      query: 'celebrate',
      rating,
      source: 'giphy',
    });
    const tenor = await connected.call('search_gifs', {
      query: 'celebrate',
      rating,
      source: 'tenor',
    });

    // Assess
    expect(titlesOf(giphy)).toEqual(expected);
    expect(titlesOf(tenor)).toEqual(expected);
  });

  it('defaults to g', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const giphy = await connected.call('search_gifs', { query: 'celebrate' });
    const tenor = await connected.call('get_trending_gifs', { source: 'tenor', limit: 50 });

    // Assess
    expect(titlesOf(giphy)).toEqual([TITLES.g]);
    expect(harness.tenor.requests[0]?.query.contentfilter).toBe('high');
    expect(titlesOf(tenor)).not.toContain(TITLES.pg);
  });

  it('drops Giphy results above the rating even when Giphy returns them', async () => {
    // Prepare
    const connected = await harness.connect();
    const leaked = DEFAULT_CATALOG.filter((gif) => gif.tags.includes('celebrate')).map((gif) =>
      toGiphyGif(harness.giphy.url, gif),
    );
    harness.giphy.failNext(1, {
      status: 200,
      body: {
        data: leaked,
        pagination: { total_count: 4, count: 4, offset: 0 },
        meta: { status: 200, msg: 'OK', response_id: 'x' },
      },
    });

    // Act
    const result = await connected.call('search_gifs', { query: 'celebrate', rating: 'pg' });

    // Assess
    expect(titlesOf(result)).toEqual([TITLES.g, TITLES.pg]);
  });

  it('does not pass on a random Giphy GIF above the rating; Tenor answers instead', async () => {
    // Prepare
    const connected = await harness.connect();
    const rRated = DEFAULT_CATALOG.find((gif) => gif.rating === 'r');
    if (!rRated) throw new Error('the default catalog has an r-rated GIF');
    harness.giphy.failNext(1, {
      status: 200,
      body: { data: toGiphyGif(harness.giphy.url, rRated), meta: { status: 200, msg: 'OK' } },
    });

    // Act
    const result = await connected.call('get_random_gif', { tag: 'celebrate', rating: 'g' });

    // Assess
    expect(result.structuredContent).toMatchObject({
      source: 'tenor',
      title: TITLES.g,
      fallback: { from: 'giphy', reason: 'Giphy returned a GIF rated r, above the requested g' },
    });
  });

  it('says so when only Giphy is configured and it returns a GIF above the rating', async () => {
    // Prepare
    const connected = await harness.connect({ tenor: false });
    const rRated = DEFAULT_CATALOG.find((gif) => gif.rating === 'r');
    if (!rRated) throw new Error('the default catalog has an r-rated GIF');
    harness.giphy.failNext(1, {
      status: 200,
      body: { data: toGiphyGif(harness.giphy.url, rRated), meta: { status: 200, msg: 'OK' } },
    });

    // Act
    const result = await connected.call('get_random_gif', { rating: 'pg' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Giphy returned a GIF rated r, above the requested pg');
  });
});
