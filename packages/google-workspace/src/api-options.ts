import type { GoogleApiOptions } from './clients.js';
import type { GoogleConnectionConfig } from './config.js';
import { createKeyProvider, type SecretsManagerReaderFactory } from './credentials.js';

/** Edges tests may replace: fetch and the sleep between retries. */
export type GoogleApiEdges = Pick<GoogleApiOptions, 'fetch' | 'sleep'>;

/**
 * A server's API adapter options from its parsed configuration: the key source it names, its
 * endpoints, timeout and retries, and the edges a test replaces.
 */
export function googleApiOptions(
  config: GoogleConnectionConfig & { readonly rootUrl: string },
  secretsManagerReader: SecretsManagerReaderFactory,
  edges: GoogleApiEdges = {},
): GoogleApiOptions {
  return {
    key: createKeyProvider(config, secretsManagerReader),
    rootUrl: config.rootUrl,
    tokenUrl: config.tokenUrl,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...edges,
  };
}
