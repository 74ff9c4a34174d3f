import * as z from 'zod';

/** MPA-style content ratings, as Giphy names them, from mildest to strongest. */
export const GIF_RATINGS = ['g', 'pg', 'pg-13', 'r'] as const;
export const GifRatingSchema = z.enum(GIF_RATINGS);
export type GifRating = z.infer<typeof GifRatingSchema>;

/** One GIF the stand-ins can serve; each stand-in renders it in its own service's shape. */
export const CatalogGifSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  tags: z.array(z.string()),
  rating: GifRatingSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** File size in bytes of the original rendition. */
  size: z.number().int().positive(),
  /** Whether it shows up on the trending (Giphy) and featured (Tenor) lists. */
  trending: z.boolean(),
});
export type CatalogGif = z.infer<typeof CatalogGifSchema>;

/** True when `rating` is at most `limit`: what Giphy's `rating` and Tenor's filter mean. */
export function ratingWithin(rating: GifRating, limit: GifRating): boolean {
  return GIF_RATINGS.indexOf(rating) <= GIF_RATINGS.indexOf(limit);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** Catalog entries whose title or tags contain every word of `query`. */
export function matchQuery(gifs: readonly CatalogGif[], query: string): CatalogGif[] {
  const wanted = words(query);
  return gifs.filter((gif) => {
    const haystack = new Set([...words(gif.title), ...gif.tags.flatMap(words)]);
    return wanted.every((word) => haystack.has(word));
  });
}

/**
 * The default catalog: a few GIFs per rating, so rating and content filters visibly change
 * results (for example "celebrate" matches one GIF of each rating).
 */
export const DEFAULT_CATALOG: readonly CatalogGif[] = [
  {
    id: 'xT9IgG50Fb7Mi0prBC',
    title: 'Party Celebrate GIF',
    tags: ['celebrate', 'party', 'confetti'],
    rating: 'g',
    width: 480,
    height: 270,
    size: 1502312,
    trending: true,
  },
  {
    id: 'l0MYt5jPR6QX5pnqM',
    title: 'Happy Dance Celebrate GIF',
    tags: ['celebrate', 'dance', 'happy'],
    rating: 'pg',
    width: 400,
    height: 225,
    size: 982211,
    trending: true,
  },
  {
    id: '3o6Zt481isNVuQI1l6',
    title: 'Champagne Celebrate GIF',
    tags: ['celebrate', 'champagne', 'cheers'],
    rating: 'pg-13',
    width: 500,
    height: 281,
    size: 2210450,
    trending: false,
  },
  {
    id: '26tOZ42Mg6pbTUPHW',
    title: 'Wild Night Celebrate GIF',
    tags: ['celebrate', 'night', 'wild'],
    rating: 'r',
    width: 480,
    height: 360,
    size: 3105544,
    trending: true,
  },
  {
    id: 'JIX9t2j0ZTN9S',
    title: 'Cat Typing GIF',
    tags: ['cat', 'typing', 'work', 'computer'],
    rating: 'g',
    width: 480,
    height: 480,
    size: 1121004,
    trending: true,
  },
  {
    id: 'mlvseq9yvZhba',
    title: 'Cat Sleeping GIF',
    tags: ['cat', 'sleep', 'tired'],
    rating: 'g',
    width: 360,
    height: 270,
    size: 640128,
    trending: false,
  },
  {
    id: '4Zo41lhzKt6iZ8xff9',
    title: 'Dog Thumbs Up GIF',
    tags: ['dog', 'thumbs up', 'approve', 'ok'],
    rating: 'g',
    width: 400,
    height: 300,
    size: 850330,
    trending: true,
  },
  {
    id: 'XreQmk7ETCak0',
    title: 'Facepalm GIF',
    tags: ['facepalm', 'fail', 'oops'],
    rating: 'pg',
    width: 500,
    height: 280,
    size: 1790223,
    trending: false,
  },
  {
    id: 'LmNwrBhejkK9EFP504',
    title: 'Deploy Friday Fire GIF',
    tags: ['deploy', 'fire', 'friday', 'incident'],
    rating: 'pg',
    width: 480,
    height: 268,
    size: 2004871,
    trending: true,
  },
  {
    id: '13CoXDiaCcCoyk',
    title: 'Thank You GIF',
    tags: ['thanks', 'thank you', 'grateful'],
    rating: 'g',
    width: 320,
    height: 240,
    size: 412990,
    trending: false,
  },
];
