import type { GifRating, GifResult, GifSource, Pagination } from '../schemas.js';

export interface GifPage {
  readonly gifs: GifResult[];
  readonly totalCount: number;
  readonly pagination: Pagination;
}

export interface SearchParams {
  readonly query: string;
  readonly limit: number;
  readonly rating: GifRating;
  readonly language: string;
  readonly offset: number;
}

export interface RandomParams {
  readonly tag: string | undefined;
  readonly rating: GifRating;
}

export interface TrendingParams {
  readonly limit: number;
  readonly rating: GifRating;
}

/**
 * A GIF service. Implementations reject with a GifProviderError when the service cannot
 * answer (so another provider may be tried) and with a plain GifError for outcomes such as
 * "nothing found", which another provider would not change.
 */
export interface GifProvider {
  readonly source: GifSource;
  search(params: SearchParams): Promise<GifPage>;
  random(params: RandomParams): Promise<GifResult>;
  trending(params: TrendingParams): Promise<GifPage>;
}

/** The configured providers: one per API key present. */
export interface GifProviders {
  readonly giphy?: GifProvider;
  readonly tenor?: GifProvider;
}
