import { describe, expect, it } from 'vitest';
import { parseGifsConfig } from '../src/index.js';

describe('parseGifsConfig', () => {
  it('defaults to the real services with the seed timeout and bounded retries', () => {
    // Act
    const config = parseGifsConfig({});

    // Assess
    expect(config).toEqual({
      giphyApiKey: undefined,
      tenorApiKey: undefined,
      giphyUrl: 'https://api.giphy.com',
      tenorUrl: 'https://tenor.googleapis.com',
      tenorClientKey: 'agentcore_marketplace',
      timeoutMs: 10_000,
      maxRetries: 2,
      maxRetryAfterMs: 10_000,
    });
  });

  it('treats a blank key as not configured', () => {
    // Act
    const config = parseGifsConfig({ GIPHY_API_KEY: '  ', TENOR_API_KEY: ' k ' });

    // Assess
    expect(config.giphyApiKey).toBeUndefined();
    expect(config.tenorApiKey).toBe('k');
  });

  it('refuses a malformed base URL at start', () => {
    // Act
    const parse = () => parseGifsConfig({ GIPHY_API_URL: 'not a url' });

    // Assess
    expect(parse).toThrow();
  });
});
