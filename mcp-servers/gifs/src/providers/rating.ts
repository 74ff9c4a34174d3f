import { GIF_RATINGS, type GifRating } from '../schemas.js';

/**
 * Whether an item's rating is at most `limit`. Giphy's legacy "y" (youth) counts as g;
 * anything unrecognised is refused, so an unrated item never slips past a g request.
 */
export function withinRating(itemRating: string | undefined, limit: GifRating): boolean {
  const normalised = itemRating?.toLowerCase() === 'y' ? 'g' : itemRating?.toLowerCase();
  const order: readonly string[] = GIF_RATINGS;
  const index = order.indexOf(normalised ?? '');
  return index !== -1 && index <= order.indexOf(limit);
}

/** Tenor's `contentfilter` for a rating ceiling: high is G, medium PG, low PG-13, off R. */
export const TENOR_CONTENT_FILTER: Readonly<Record<GifRating, string>> = {
  g: 'high',
  pg: 'medium',
  'pg-13': 'low',
  r: 'off',
};
