import * as z from 'zod';
import { GifError, GifProviderError } from '../errors.js';
import { getJson, type HttpSettings } from '../http/json-client.js';
import type { GifResult } from '../schemas.js';
import type {
  GifPage,
  GifProvider,
  RandomParams,
  SearchParams,
  TrendingParams,
} from './gif-provider.js';
import { TENOR_CONTENT_FILTER } from './rating.js';

export const DEFAULT_TENOR_URL = 'https://tenor.googleapis.com';
export const DEFAULT_TENOR_CLIENT_KEY = 'agentcore_marketplace';

// The seed picked its random GIF from a page of 20.
const RANDOM_POOL = 20;

const MediaSchema = z.object({
  url: z.string().min(1),
  dims: z.array(z.number().int().nonnegative()).min(2),
  size: z.number().int().nonnegative().optional(),
});

const TenorResultSchema = z.object({
  id: z.string(),
  title: z.string().default(''),
  content_description: z.string().optional(),
  media_formats: z.record(z.string(), MediaSchema),
});
type TenorResult = z.infer<typeof TenorResultSchema>;

const TenorListSchema = z.object({
  results: z.array(TenorResultSchema),
  next: z.string().optional(),
});

export interface TenorClientOptions extends HttpSettings {
  readonly apiKey: string;
  /** Default https://tenor.googleapis.com; tests and `npm start` point it at the stand-in. */
  readonly baseUrl?: string;
  /** Identifies the integration to Tenor; default `agentcore_marketplace` (the seed's). */
  readonly clientKey?: string;
}

function toResult(item: TenorResult, fallbackTitle: string): GifResult | undefined {
  const gif = item.media_formats.gif;
  if (!gif) return undefined;
  const title = item.title.trim() || item.content_description?.trim() || fallbackTitle;
  return {
    id: item.id,
    title,
    url: gif.url,
    preview_url: item.media_formats.tinygif?.url ?? gif.url,
    width: gif.dims[0] ?? 0,
    height: gif.dims[1] ?? 0,
    ...(gif.size === undefined ? {} : { size: gif.size }),
    source: 'tenor',
  };
}

function toResults(items: TenorResult[], fallbackTitle: string): GifResult[] {
  return items.flatMap((item) => toResult(item, fallbackTitle) ?? []);
}

/**
 * Tenor v2 over plain `fetch`. Unlike the seed it honours `rating`, as `contentfilter`, and
 * passes the language as `locale`.
 */
export class TenorClient implements GifProvider {
  readonly source = 'tenor' as const;
  private readonly baseUrl: string;
  private readonly pick: () => number;

  constructor(private readonly options: TenorClientOptions) {
    this.baseUrl = options.baseUrl ?? DEFAULT_TENOR_URL;
    this.pick = options.random ?? Math.random;
  }

  async search(params: SearchParams): Promise<GifPage> {
    const list = await this.list('/v2/search', {
      q: params.query,
      limit: String(params.limit),
      contentfilter: TENOR_CONTENT_FILTER[params.rating],
      locale: params.language,
    });
    const gifs = toResults(list.results, 'Tenor GIF');
    return { gifs, totalCount: gifs.length, pagination: { next: list.next ?? '' } };
  }

  async random(params: RandomParams): Promise<GifResult> {
    const contentfilter = TENOR_CONTENT_FILTER[params.rating];
    const limit = String(RANDOM_POOL);
    const list = params.tag
      ? await this.list('/v2/search', { q: params.tag, limit, contentfilter })
      : await this.list('/v2/featured', { limit, contentfilter });
    const gifs = toResults(list.results, 'Tenor GIF');
    const chosen = gifs[Math.floor(this.pick() * gifs.length)];
    if (!chosen) throw new GifError('no_results', 'No Tenor GIFs found for the given tag');
    return chosen;
  }

  async trending(params: TrendingParams): Promise<GifPage> {
    const list = await this.list('/v2/featured', {
      limit: String(params.limit),
      contentfilter: TENOR_CONTENT_FILTER[params.rating],
    });
    const gifs = toResults(list.results, 'Trending Tenor GIF');
    return { gifs, totalCount: gifs.length, pagination: { limit: params.limit } };
  }

  private async list(path: string, query: Record<string, string>) {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}${path}`);
    url.searchParams.set('key', this.options.apiKey);
    url.searchParams.set('client_key', this.options.clientKey ?? DEFAULT_TENOR_CLIENT_KEY);
    url.searchParams.set('media_filter', 'gif,tinygif');
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const parsed = TenorListSchema.safeParse(await getJson('tenor', url, this.options));
    if (!parsed.success) {
      throw new GifProviderError('tenor', 'bad_response', 'Tenor answered in an unexpected shape');
    }
    return parsed.data;
  }
}
