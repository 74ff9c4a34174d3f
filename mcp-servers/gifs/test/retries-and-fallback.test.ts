import { describe, expect, it } from 'vitest';
import { sourcesOf, textOf, useHarness } from './support/harness.js';

describe('429 handling, retries and provider fallback', () => {
  const harness = useHarness();

  it('waits what Retry-After says and then succeeds', async () => {
    // Prepare
    harness.giphy.failNext(1, { status: 429, retryAfter: 2 });
    const connected = await harness.connect({ tenor: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(sourcesOf(result)).toEqual(['giphy', 'giphy']);
    expect(harness.giphy.requests).toHaveLength(2);
    expect(harness.sleeps).toEqual([2000]);
  });

  it('understands Retry-After given as an HTTP date', async () => {
    // Prepare
    harness.tenor.failNext(1, { status: 429, retryAfter: new Date(0).toUTCString() });
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.sleeps).toEqual([0]);
  });

  it('backs off exponentially when a 429 has no Retry-After', async () => {
    // Prepare
    harness.tenor.failNext(2, { status: 429 });
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.sleeps).toEqual([500, 1000]);
    expect(harness.tenor.requests).toHaveLength(3);
  });

  it('gives a defined rate-limit error when the retries run out', async () => {
    // Prepare
    harness.giphy.failNext(3, { status: 429, retryAfter: 1 });
    const connected = await harness.connect({ tenor: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Giphy is rate limiting requests (HTTP 429); gave up after 3 attempts; it asks to retry after 1 s',
    );
    expect(harness.giphy.requests).toHaveLength(3);
    expect(harness.sleeps).toEqual([1000, 1000]);
  });

  it('does not wait inside a tool call for a Retry-After beyond the cap', async () => {
    // Prepare
    harness.giphy.failNext(1, { status: 429, retryAfter: 3600 });
    const connected = await harness.connect({ tenor: false });

    // Act
    const result = await connected.call('get_trending_gifs', {});

    // Assess
    expect(textOf(result)).toBe(
      'Giphy is rate limiting requests (HTTP 429); gave up after 1 attempt; it asks to retry after 3600 s',
    );
    expect(harness.sleeps).toEqual([]);
  });

  it('falls back to Tenor when Giphy stays rate limited, and says why', async () => {
    // Prepare
    harness.giphy.failNext(3, { status: 429 });
    const connected = await harness.connect();

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(sourcesOf(result)).toEqual(['tenor', 'tenor']);
    expect(result.structuredContent?.fallback).toEqual({
      from: 'giphy',
      reason: 'Giphy is rate limiting requests (HTTP 429); gave up after 3 attempts',
    });
  });

  it('retries a 5xx and falls back when it persists', async () => {
    // Prepare
    harness.tenor.failNext(3, { status: 503 });
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_random_gif', { tag: 'cat', source: 'tenor' });

    // Assess
    expect(harness.tenor.requests).toHaveLength(3);
    expect(result.structuredContent).toMatchObject({
      source: 'giphy',
      fallback: { from: 'tenor', reason: 'Tenor failed with HTTP 503 after 3 attempts' },
    });
  });

  it('does not retry a refused key, but falls back at once', async () => {
    // Prepare
    const connected = await harness.connect({ env: { GIPHY_API_KEY: 'revoked' } });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(harness.giphy.requests).toHaveLength(1);
    expect(sourcesOf(result)).toEqual(['tenor', 'tenor']);
    expect(result.structuredContent?.fallback).toEqual({
      from: 'giphy',
      reason: 'Giphy refused the API key (HTTP 403): Forbidden',
    });
  });

  it('names both failures when neither provider can answer', async () => {
    // Prepare
    harness.giphy.failNext(3, { status: 500 });
    harness.tenor.failNext(3, { status: 429 });
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_trending_gifs', {});

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Giphy failed with HTTP 500 after 3 attempts; Tenor is rate limiting requests (HTTP 429); gave up after 3 attempts',
    );
  });

  it('times out a provider that never answers and keeps the API key out of the message', async () => {
    // Prepare
    harness.giphy.failNext(1, { hang: true });
    const connected = await harness.connect({ tenor: false, env: { GIF_HTTP_TIMEOUT_MS: '200' } });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Giphy did not answer within 200 ms');
  });

  it('reports a provider that cannot be reached after its retries', async () => {
    // Prepare
    const connected = await harness.connect({
      tenor: false,
      env: { GIPHY_API_URL: 'http://127.0.0.1:1' },
    });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(textOf(result)).toBe('Giphy could not be reached after 3 attempts');
    expect(harness.sleeps).toHaveLength(2);
  });

  it('passes on the upstream explanation of a rejected request', async () => {
    // Prepare
    harness.tenor.failNext(1, { status: 400 });
    const connected = await harness.connect({ giphy: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(textOf(result)).toBe('Tenor rejected the request (HTTP 400): Request failed.');
    expect(harness.tenor.requests).toHaveLength(1);
  });

  it('reports a response in an unexpected shape', async () => {
    // Prepare
    harness.giphy.failNext(1, { status: 200, body: { data: 'nope' } });
    const connected = await harness.connect({ tenor: false });

    // Act
    const result = await connected.call('search_gifs', { query: 'cat' });

    // Assess
    expect(textOf(result)).toBe('Giphy answered in an unexpected shape');
  });
});
