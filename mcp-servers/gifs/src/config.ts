import * as z from 'zod';
import { DEFAULT_GIPHY_URL } from './providers/giphy.js';
import { DEFAULT_TENOR_CLIENT_KEY, DEFAULT_TENOR_URL } from './providers/tenor.js';

// An empty key in a .env file means "not configured", as in the seed.
const OptionalKeySchema = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const EnvSchema = z.object({
  GIPHY_API_KEY: OptionalKeySchema,
  TENOR_API_KEY: OptionalKeySchema,
  GIPHY_API_URL: z.url().default(DEFAULT_GIPHY_URL),
  TENOR_API_URL: z.url().default(DEFAULT_TENOR_URL),
  TENOR_CLIENT_KEY: z.string().min(1).default(DEFAULT_TENOR_CLIENT_KEY),
  GIF_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  GIF_HTTP_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  GIF_MAX_RETRY_AFTER_MS: z.coerce.number().int().min(0).default(10_000),
});

/** The GIF server's settings, read once from the environment at start. */
export interface GifsConfig {
  readonly giphyApiKey: string | undefined;
  readonly tenorApiKey: string | undefined;
  readonly giphyUrl: string;
  readonly tenorUrl: string;
  readonly tenorClientKey: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
}

/** Parses the environment; throws (fail fast at start) on malformed values. */
export function parseGifsConfig(env: Readonly<Record<string, string | undefined>>): GifsConfig {
  const parsed = EnvSchema.parse(env);
  return {
    giphyApiKey: parsed.GIPHY_API_KEY,
    tenorApiKey: parsed.TENOR_API_KEY,
    giphyUrl: parsed.GIPHY_API_URL,
    tenorUrl: parsed.TENOR_API_URL,
    tenorClientKey: parsed.TENOR_CLIENT_KEY,
    timeoutMs: parsed.GIF_HTTP_TIMEOUT_MS,
    maxRetries: parsed.GIF_HTTP_MAX_RETRIES,
    maxRetryAfterMs: parsed.GIF_MAX_RETRY_AFTER_MS,
  };
}
