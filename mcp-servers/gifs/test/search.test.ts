import { DEFAULT_CATALOG } from '@agentcore/stand-ins';
import { describe, expect, it } from 'vitest';
import { GIPHY_KEY, TENOR_KEY, textOf, useHarness } from './support/harness.js';

describe('search_gifs', () => {
  const harness = useHarness();

  it('maps Giphy results, turning numeric-string dimensions into numbers', async () => {
    // Prepare
    const connected = await harness.connect();
    const party = DEFAULT_CATALOG.find((gif) => gif.id === 'xT9IgG50Fb7Mi0prBC');

    // Act
    const result = await connected.call('search_gifs', { query: 'party', limit: 5 });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      gifs: [
        {
          id: 'xT9IgG50Fb7Mi0prBC',
          title: 'Party Celebrate GIF',
          url: `${harness.giphy.url}/media/xT9IgG50Fb7Mi0prBC/giphy.gif?cid=standin&rid=giphy.gif&ct=g`,
          preview_url: `${harness.giphy.url}/media/xT9IgG50Fb7Mi0prBC/giphy-preview.gif?cid=standin&rid=giphy-preview.gif&ct=g`,
          width: party?.width,
          height: party?.height,
          size: party?.size,
          source: 'giphy',
        },
      ],
      total_count: 1,
      query: 'party',
      pagination: { total_count: 1, count: 1, offset: 0 },
    });
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  });

  it('sends Giphy the query, paging, rating and language', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    await connected.call('search_gifs', {
      query: 'cat',
      limit: 1,
      offset: 1,
      rating: 'pg',
      language: 'de',
    });

    // Assess
    expect(harness.giphy.requests).toHaveLength(1);
    expect(harness.giphy.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v1/gifs/search',
      query: { api_key: GIPHY_KEY, q: 'cat', limit: '1', offset: '1', rating: 'pg', lang: 'de' },
    });
  });

  it('pages Giphy results with offset', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const first = await connected.call('search_gifs', { query: 'cat', limit: 1 });
    const second = await connected.call('search_gifs', { query: 'cat', limit: 1, offset: 1 });

    // Assess
    expect(first.structuredContent).toMatchObject({
      total_count: 2,
      gifs: [{ id: 'JIX9t2j0ZTN9S' }],
      pagination: { total_count: 2, count: 1, offset: 0 },
    });
    expect(second.structuredContent).toMatchObject({
      gifs: [{ id: 'mlvseq9yvZhba' }],
      pagination: { offset: 1 },
    });
  });

  it('maps Tenor results from media_formats and gives the next page token', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat', limit: 1 });

    // Assess
    const gifs = result.structuredContent?.gifs;
    expect(result.structuredContent).toMatchObject({
      total_count: 1,
      query: 'cat',
      pagination: { next: '1' },
    });
    expect(gifs).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        title: 'Cat Typing GIF',
        url: expect.stringMatching(new RegExp(`^${harness.tenor.url}/media/\\d+/tenor\\.gif$`)),
        preview_url: expect.stringMatching(/\/tiny\.gif$/),
        width: 480,
        height: 480,
        size: 1121004,
        source: 'tenor',
      },
    ]);
  });

  it('sends Tenor its key, client key, rating as contentfilter and language as locale', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    await connected.call('search_gifs', {
      query: 'cat',
      limit: 3,
      rating: 'pg-13',
      language: 'fr',
    });

    // Assess
    expect(harness.tenor.requests[0]).toMatchObject({
      path: '/v2/search',
      query: {
        key: TENOR_KEY,
        client_key: 'agentcore_marketplace',
        q: 'cat',
        limit: '3',
        contentfilter: 'low',
        locale: 'fr',
        media_filter: 'gif,tinygif',
      },
    });
  });

  it('answers an empty list when nothing matches', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('search_gifs', { query: 'no such thing' });

    // Assess
    expect(result.structuredContent).toMatchObject({ gifs: [], total_count: 0 });
  });

  it.each([
    [{ query: '' }, 'query must not be empty'],
    [{ query: 'x'.repeat(51) }, 'query must be at most 50 characters'],
    [{ query: 'cat', limit: 0 }, 'limit must be a whole number between 1 and 50'],
    [{ query: 'cat', limit: 51 }, 'limit must be a whole number between 1 and 50'],
    [{ query: 'cat', offset: -1 }, 'offset must be a whole number from 0 to 4999'],
    [{ query: 'cat', rating: 'nc-17' }, 'rating must be one of g, pg, pg-13, r'],
    [{ query: 'cat', language: 'english' }, 'language must be a language code such as en or pt-BR'],
  ])('refuses %o with a clear message', async (args, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('search_gifs', args);

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.giphy.requests).toHaveLength(0);
  });
});
