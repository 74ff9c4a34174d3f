import { describe, expect, it } from 'vitest';
import { sourcesOf, textOf, useHarness } from './support/harness.js';

const TOOLS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['search_gifs', { query: 'celebrate' }],
  ['get_random_gif', { tag: 'cat' }],
  ['get_trending_gifs', {}],
  ['get_random_gif_for_slack', { tag: 'cat' }],
];

describe('GIF provider selection (the seed rules)', () => {
  const harness = useHarness();

  it.each(TOOLS)('%s without any key says how to configure one', async (tool, args) => {
    // Prepare
    const connected = await harness.connect({ giphy: false, tenor: false });

    // Act
    const result = await connected.call(tool, args);

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('No GIF providers configured. Set GIPHY_API_KEY or TENOR_API_KEY.');
  });

  it.each(TOOLS)('%s for giphy without any key names the missing key', async (tool, args) => {
    // Prepare
    const connected = await harness.connect({ giphy: false, tenor: false });

    // Act
    const result = await connected.call(tool, { ...args, source: 'giphy' });

    // Assess
    expect(textOf(result)).toBe(
      'Giphy requested but GIPHY_API_KEY is not set; no alternative provider available',
    );
  });

  it.each(TOOLS)('%s for tenor without any key names the missing key', async (tool, args) => {
    // Prepare
    const connected = await harness.connect({ giphy: false, tenor: false });

    // Act
    const result = await connected.call(tool, { ...args, source: 'tenor' });

    // Assess
    expect(textOf(result)).toBe(
      'Tenor requested but TENOR_API_KEY is not set; no alternative provider available',
    );
  });

  it.each(TOOLS)('%s refuses an unknown provider', async (tool, args) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call(tool, { ...args, source: 'imgur' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Unsupported GIF provider: imgur');
    expect(harness.giphy.requests).toHaveLength(0);
    expect(harness.tenor.requests).toHaveLength(0);
  });

  it('prefers Giphy when both keys are set and no source is given', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('search_gifs', { query: 'celebrate' });

    // Assess
    expect(sourcesOf(result)).toEqual(['giphy']);
    expect(result.structuredContent?.fallback).toBeUndefined();
    expect(harness.tenor.requests).toHaveLength(0);
  });

  it('uses Tenor when it is the only one configured', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'celebrate' });

    // Assess
    expect(sourcesOf(result)).toEqual(['tenor']);
    expect(result.structuredContent?.fallback).toBeUndefined();
  });

  it('honours source tenor when both keys are set', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('search_gifs', { query: 'celebrate', source: 'tenor' });

    // Assess
    expect(sourcesOf(result)).toEqual(['tenor']);
    expect(harness.giphy.requests).toHaveLength(0);
  });

  it('falls back to Tenor when Giphy is asked for but has no key, and says so', async () => {
    // Prepare
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'celebrate', source: 'giphy' });

    // Assess
    expect(sourcesOf(result)).toEqual(['tenor']);
    expect(result.structuredContent?.fallback).toEqual({
      from: 'giphy',
      reason: 'GIPHY_API_KEY is not set',
    });
  });

  it('falls back to Giphy when Tenor is asked for but has no key, and says so', async () => {
    // Prepare
    const connected = await harness.connect({ tenor: false });

    // Act
    const result = await connected.call('get_random_gif', { tag: 'cat', source: 'tenor' });

    // Assess
    expect(result.structuredContent).toMatchObject({
      source: 'giphy',
      fallback: { from: 'tenor', reason: 'TENOR_API_KEY is not set' },
    });
  });
});
