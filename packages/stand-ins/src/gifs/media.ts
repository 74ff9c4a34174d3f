import type { StandInReply } from '../http/stand-in-server.js';

// A 1x1 transparent GIF: enough for a browser or Slack stand-in to render an image URL that
// points at the stand-in instead of a real media host.
const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The path prefix under which both GIF stand-ins serve image bytes. */
export const MEDIA_PREFIX = '/media/';

/** Serves `.gif` files under /media/; anything else there is a 404 with `notFound` as body. */
export function mediaReply(path: string, notFound: unknown): StandInReply {
  if (path.startsWith(MEDIA_PREFIX) && path.endsWith('.gif')) {
    return {
      status: 200,
      bytes: { contentType: 'image/gif', data: PIXEL_GIF },
      headers: { 'cache-control': 'public, max-age=86400' },
    };
  }
  return { status: 404, json: notFound };
}
