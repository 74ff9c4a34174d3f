import * as z from 'zod';

export const GIF_SOURCES = ['giphy', 'tenor'] as const;

/** A provider name; anything else gets the seed's "Unsupported GIF provider: <x>". */
export const GifSourceSchema = z.enum(GIF_SOURCES, {
  error: (issue) => `Unsupported GIF provider: ${String(issue.input)}`,
});
export type GifSource = z.infer<typeof GifSourceSchema>;

/** Giphy's ratings, mildest first; each acts as a maximum on both providers. */
export const GIF_RATINGS = ['g', 'pg', 'pg-13', 'r'] as const;
export const GifRatingSchema = z.enum(GIF_RATINGS, {
  error: 'rating must be one of g, pg, pg-13, r',
});
export type GifRating = z.infer<typeof GifRatingSchema>;

export const GifResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The GIF itself (Giphy `images.original`, Tenor `media_formats.gif`). */
  url: z.string(),
  preview_url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  size: z.number().int().optional(),
  source: GifSourceSchema,
});
export type GifResult = z.infer<typeof GifResultSchema>;

export const PaginationSchema = z.object({
  total_count: z.number().int().optional(),
  count: z.number().int().optional(),
  offset: z.number().int().optional(),
  /** Tenor's position token for the next page; empty when there is none. */
  next: z.string().optional(),
  limit: z.number().int().optional(),
});
export type Pagination = z.infer<typeof PaginationSchema>;

/** Set when the answer came from another provider than the one asked for or chosen first. */
export const FallbackSchema = z.object({
  from: GifSourceSchema,
  reason: z.string(),
});
export type Fallback = z.infer<typeof FallbackSchema>;

export const GifSearchOutputSchema = z.object({
  gifs: z.array(GifResultSchema),
  total_count: z.number().int(),
  query: z.string(),
  pagination: PaginationSchema,
  fallback: FallbackSchema.optional(),
});
export type GifSearchOutput = z.infer<typeof GifSearchOutputSchema>;

export const RandomGifOutputSchema = GifResultSchema.extend({
  fallback: FallbackSchema.optional(),
});

const SourceInputSchema = GifSourceSchema.optional().describe(
  'Preferred provider; the other configured one is used when it has no key or fails',
);
const RatingInputSchema = GifRatingSchema.default('g').describe(
  'Strongest content rating allowed (g, pg, pg-13, r), applied on both providers',
);
const LimitInputSchema = z
  .number({ error: 'limit must be a whole number between 1 and 50' })
  .int('limit must be a whole number between 1 and 50')
  .min(1, 'limit must be a whole number between 1 and 50')
  .max(50, 'limit must be a whole number between 1 and 50')
  .default(10);

export const SearchGifsInputSchema = z.object({
  query: z
    .string({ error: 'query is required' })
    .trim()
    .min(1, 'query must not be empty')
    .max(50, 'query must be at most 50 characters')
    .describe('What to search for'),
  limit: LimitInputSchema,
  rating: RatingInputSchema,
  language: z
    .string()
    .regex(
      /^[a-zA-Z]{2,3}([-_][a-zA-Z]{2})?$/,
      'language must be a language code such as en or pt-BR',
    )
    .default('en'),
  offset: z
    .number({ error: 'offset must be a whole number from 0 to 4999' })
    .int('offset must be a whole number from 0 to 4999')
    .min(0, 'offset must be a whole number from 0 to 4999')
    .max(4999, 'offset must be a whole number from 0 to 4999')
    .default(0)
    .describe('Results to skip (Giphy); Tenor pages with pagination.next instead'),
  source: SourceInputSchema,
});
export type SearchGifsInput = z.infer<typeof SearchGifsInputSchema>;

const TagInputSchema = z
  .string()
  .trim()
  .max(50, 'tag must be at most 50 characters')
  .optional()
  .describe('Topic of the GIF; any GIF when absent');

export const GetRandomGifInputSchema = z.object({
  tag: TagInputSchema,
  rating: RatingInputSchema,
  source: SourceInputSchema,
});
export type GetRandomGifInput = z.infer<typeof GetRandomGifInputSchema>;

export const GetTrendingGifsInputSchema = z.object({
  limit: LimitInputSchema,
  rating: RatingInputSchema,
  time_period: z
    .string()
    .default('day')
    .describe('Accepted for compatibility; both providers only offer the current trending list'),
  source: SourceInputSchema,
});
export type GetTrendingGifsInput = z.infer<typeof GetTrendingGifsInputSchema>;

export const GetRandomGifForSlackInputSchema = GetRandomGifInputSchema.extend({
  message: z
    .string()
    .max(2000, 'message must be at most 2000 characters')
    .optional()
    .describe('Text above the GIF; "Here\'s a GIF: <title>" when absent'),
});
export type GetRandomGifForSlackInput = z.infer<typeof GetRandomGifForSlackInputSchema>;
