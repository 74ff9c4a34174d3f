import * as z from 'zod';
import { GifError, GifProviderError } from '../errors.js';
import { getJson, type HttpSettings } from '../http/json-client.js';
import type { GifRating, GifResult } from '../schemas.js';
import type {
  GifPage,
  GifProvider,
  RandomParams,
  SearchParams,
  TrendingParams,
} from './gif-provider.js';
import { withinRating } from './rating.js';

export const DEFAULT_GIPHY_URL = 'https://api.giphy.com';

// Giphy's REST JSON carries dimensions and sizes as numeric strings.
const NumericSchema = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform(Number);

const RenditionSchema = z.object({
  url: z.string().min(1),
  width: NumericSchema.optional(),
  height: NumericSchema.optional(),
  size: NumericSchema.optional(),
});

const GiphyGifSchema = z.object({
  id: z.string(),
  title: z.string().default(''),
  rating: z.string().optional(),
  images: z.object({
    original: RenditionSchema,
    preview_gif: RenditionSchema.optional(),
    fixed_height: RenditionSchema.optional(),
  }),
});
type GiphyGif = z.infer<typeof GiphyGifSchema>;

const GiphyListSchema = z.object({
  data: z.array(GiphyGifSchema),
  pagination: z
    .object({
      total_count: z.number().int().optional(),
      count: z.number().int().optional(),
      offset: z.number().int().optional(),
    })
    .optional(),
});

// /random answers `data: []` instead of an object when nothing matches the tag.
const GiphyRandomSchema = z.object({
  data: z.union([GiphyGifSchema, z.array(z.unknown()).max(0)]),
});

export interface GiphyClientOptions extends HttpSettings {
  readonly apiKey: string;
  /** Default https://api.giphy.com; tests and `npm start` point it at the stand-in. */
  readonly baseUrl?: string;
}

function toResult(gif: GiphyGif): GifResult {
  const { original, preview_gif: preview, fixed_height: fixedHeight } = gif.images;
  return {
    id: gif.id,
    title: gif.title.trim() === '' ? 'Giphy GIF' : gif.title,
    url: original.url,
    preview_url: preview?.url ?? fixedHeight?.url ?? original.url,
    width: original.width ?? 0,
    height: original.height ?? 0,
    ...(original.size === undefined ? {} : { size: original.size }),
    source: 'giphy',
  };
}

/** Giphy over plain `fetch`: search, random and trending, with `rating` checked twice. */
export class GiphyClient implements GifProvider {
  readonly source = 'giphy' as const;
  private readonly baseUrl: string;

  constructor(private readonly options: GiphyClientOptions) {
    this.baseUrl = options.baseUrl ?? DEFAULT_GIPHY_URL;
  }

  async search(params: SearchParams): Promise<GifPage> {
    const body = await this.get('/v1/gifs/search', {
      q: params.query,
      limit: String(params.limit),
      offset: String(params.offset),
      rating: params.rating,
      lang: params.language,
    });
    const list = this.parse(GiphyListSchema, body);
    const gifs = this.allowed(list.data, params.rating).map(toResult);
    const pagination = list.pagination ?? {};
    return {
      gifs,
      totalCount: pagination.total_count ?? pagination.count ?? 1,
      pagination: {
        total_count: pagination.total_count,
        count: pagination.count,
        offset: pagination.offset,
      },
    };
  }

  async random(params: RandomParams): Promise<GifResult> {
    const body = await this.get('/v1/gifs/random', {
      tag: params.tag ?? '',
      rating: params.rating,
    });
    const { data } = this.parse(GiphyRandomSchema, body);
    if (Array.isArray(data))
      throw new GifError('no_results', 'No Giphy GIFs found for the given tag');
    if (!withinRating(data.rating, params.rating)) {
      throw new GifProviderError(
        'giphy',
        'bad_response',
        `Giphy returned a GIF rated ${data.rating ?? 'unrated'}, above the requested ${params.rating}`,
      );
    }
    return toResult(data);
  }

  async trending(params: TrendingParams): Promise<GifPage> {
    const body = await this.get('/v1/gifs/trending', {
      limit: String(params.limit),
      rating: params.rating,
    });
    const list = this.parse(GiphyListSchema, body);
    const gifs = this.allowed(list.data, params.rating).map(toResult);
    return { gifs, totalCount: gifs.length, pagination: { limit: params.limit } };
  }

  // Defence in depth: Giphy filters by `rating` already; drop anything above it regardless.
  private allowed(gifs: GiphyGif[], rating: GifRating): GiphyGif[] {
    return gifs.filter((gif) => withinRating(gif.rating, rating));
  }

  private get(path: string, query: Record<string, string>): Promise<unknown> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}${path}`);
    url.searchParams.set('api_key', this.options.apiKey);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return getJson('giphy', url, this.options);
  }

  private parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new GifProviderError('giphy', 'bad_response', 'Giphy answered in an unexpected shape');
    }
    return parsed.data;
  }
}
