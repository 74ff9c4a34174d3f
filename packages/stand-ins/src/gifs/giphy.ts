import { randomBytes } from 'node:crypto';
import {
  type RecordedRequest,
  type StandIn,
  type StandInReply,
  startStandInServer,
} from '../http/stand-in-server.js';
import {
  type CatalogGif,
  DEFAULT_CATALOG,
  type GifRating,
  GifRatingSchema,
  matchQuery,
  ratingWithin,
} from './catalog.js';
import { MEDIA_PREFIX, mediaReply } from './media.js';

export interface GiphyStandInOptions {
  readonly port?: number;
  readonly host?: string;
  /** Keys the stand-in accepts; any non-empty key when absent. */
  readonly apiKeys?: readonly string[];
  readonly gifs?: readonly CatalogGif[];
}

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  429: 'API rate limit exceeded',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const MAX_QUERY_LENGTH = 50;
const MAX_LIMIT = 50;
const MAX_OFFSET = 4999;
const DEFAULT_LIMIT = 25;

function meta(status: number, msg: string) {
  return { status, msg, response_id: randomBytes(20).toString('hex') };
}

/** Giphy's error envelope: `{meta:{status,msg,response_id}, message}`. */
export function giphyErrorBody(status: number, message?: string) {
  const msg = message ?? STATUS_MESSAGES[status] ?? 'Error';
  return { meta: meta(status, msg), message: msg };
}

function fail(status: number, message?: string): StandInReply {
  return { status, json: giphyErrorBody(status, message) };
}

function slugOf(gif: CatalogGif): string {
  const words = gif.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `${words.replace(/^-|-$/g, '')}-${gif.id}`;
}

// Giphy's REST JSON carries every width, height and size as a numeric string.
function rendition(baseUrl: string, gif: CatalogGif, file: string, width: number, height: number) {
  const scale = (width * height) / (gif.width * gif.height);
  const mediaUrl = `${baseUrl}${MEDIA_PREFIX}${gif.id}/${file}`;
  return {
    height: String(height),
    width: String(width),
    size: String(Math.max(1, Math.round(gif.size * scale))),
    url: `${mediaUrl}?cid=standin&rid=${file}&ct=g`,
    mp4_size: String(Math.max(1, Math.round(gif.size * scale * 0.2))),
    mp4: `${mediaUrl.replace(/\.gif$/, '.mp4')}?cid=standin&ct=g`,
    webp_size: String(Math.max(1, Math.round(gif.size * scale * 0.5))),
    webp: `${mediaUrl.replace(/\.gif$/, '.webp')}?cid=standin&ct=g`,
  };
}

// Some renditions (downsized, preview_gif) carry no mp4/webp variants.
function stillSized(full: ReturnType<typeof rendition>) {
  return { height: full.height, width: full.width, size: full.size, url: full.url };
}

/** Renders a catalog entry as a Giphy GIF object. */
export function toGiphyGif(baseUrl: string, gif: CatalogGif) {
  const slug = slugOf(gif);
  const fixedHeightWidth = Math.round((gif.width * 200) / gif.height);
  const fixedWidthHeight = Math.round((gif.height * 200) / gif.width);
  const previewWidth = Math.max(1, Math.round(gif.width / 3));
  const previewHeight = Math.max(1, Math.round(gif.height / 3));
  const original = rendition(baseUrl, gif, 'giphy.gif', gif.width, gif.height);
  return {
    type: 'gif',
    id: gif.id,
    url: `https://giphy.com/gifs/${slug}`,
    slug,
    bitly_gif_url: `https://gph.is/g/${gif.id.slice(0, 7)}`,
    bitly_url: `https://gph.is/g/${gif.id.slice(0, 7)}`,
    embed_url: `https://giphy.com/embed/${gif.id}`,
    username: '',
    source: '',
    title: gif.title,
    alt_text: '',
    rating: gif.rating,
    content_url: '',
    source_tld: '',
    source_post_url: '',
    is_sticker: 0,
    import_datetime: '2024-03-01 12:00:00',
    trending_datetime: gif.trending ? '2025-11-20 09:00:00' : '0000-00-00 00:00:00',
    images: {
      original: { ...original, frames: '24', hash: gif.id.toLowerCase() },
      downsized: stillSized(original),
      fixed_height: rendition(baseUrl, gif, '200.gif', fixedHeightWidth, 200),
      fixed_width: rendition(baseUrl, gif, '200w.gif', 200, fixedWidthHeight),
      preview_gif: stillSized(
        rendition(baseUrl, gif, 'giphy-preview.gif', previewWidth, previewHeight),
      ),
    },
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reply: StandInReply };

function intParam(
  query: Readonly<Record<string, string>>,
  name: string,
  fallback: number,
): Parsed<number> {
  const raw = query[name];
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  if (!/^\d+$/.test(raw)) return { ok: false, reply: fail(400, `${name} must be an integer`) };
  return { ok: true, value: Number(raw) };
}

function ratingParam(query: Readonly<Record<string, string>>): Parsed<GifRating> {
  const raw = query.rating;
  // Without a rating Giphy applies no rating limit.
  if (raw === undefined || raw === '') return { ok: true, value: 'r' };
  const parsed = GifRatingSchema.safeParse(raw.toLowerCase());
  if (!parsed.success) return { ok: false, reply: fail(400, `rating ${raw} is not valid`) };
  return { ok: true, value: parsed.data };
}

function page(
  baseUrl: string,
  request: RecordedRequest,
  candidates: readonly CatalogGif[],
): StandInReply {
  const limit = intParam(request.query, 'limit', DEFAULT_LIMIT);
  if (!limit.ok) return limit.reply;
  const offset = intParam(request.query, 'offset', 0);
  if (!offset.ok) return offset.reply;
  if (offset.value > MAX_OFFSET) return fail(400, `offset must be at most ${MAX_OFFSET}`);
  const rating = ratingParam(request.query);
  if (!rating.ok) return rating.reply;
  const allowed = candidates.filter((gif) => ratingWithin(gif.rating, rating.value));
  const size = Math.min(Math.max(limit.value, 1), MAX_LIMIT);
  const data = allowed
    .slice(offset.value, offset.value + size)
    .map((gif) => toGiphyGif(baseUrl, gif));
  return {
    status: 200,
    json: {
      data,
      pagination: { total_count: allowed.length, count: data.length, offset: offset.value },
      meta: meta(200, 'OK'),
    },
  };
}

/**
 * Starts a Giphy API stand-in serving `/v1/gifs/search`, `/v1/gifs/trending` and
 * `/v1/gifs/random` in Giphy's response shapes, with `rating` honoured as a maximum, and
 * the image bytes its URLs point at.
 */
export async function startGiphyStandIn(options: GiphyStandInOptions = {}): Promise<StandIn> {
  const gifs = options.gifs ?? DEFAULT_CATALOG;
  let randomTurn = 0;

  const route = (request: RecordedRequest, baseUrl: string): StandInReply => {
    if (request.path.startsWith(MEDIA_PREFIX)) return mediaReply(request.path, giphyErrorBody(404));
    if (request.method !== 'GET') return fail(405, 'Method Not Allowed');
    const key = request.query.api_key;
    if (!key) return fail(401, 'No API key found in request.');
    if (options.apiKeys && !options.apiKeys.includes(key)) return fail(403, 'Forbidden');

    switch (request.path) {
      case '/v1/gifs/search': {
        const q = request.query.q ?? '';
        if (q.trim() === '') return fail(400, 'q is required');
        if (q.length > MAX_QUERY_LENGTH) return fail(414, 'URI Too Long');
        return page(baseUrl, request, matchQuery(gifs, q));
      }
      case '/v1/gifs/trending':
        return page(
          baseUrl,
          request,
          gifs.filter((gif) => gif.trending),
        );
      case '/v1/gifs/random': {
        const rating = ratingParam(request.query);
        if (!rating.ok) return rating.reply;
        const tag = request.query.tag ?? '';
        const pool = (tag.trim() === '' ? gifs : matchQuery(gifs, tag)).filter((gif) =>
          ratingWithin(gif.rating, rating.value),
        );
        const chosen = pool[randomTurn % Math.max(pool.length, 1)];
        randomTurn += 1;
        // Giphy answers an empty array, not null, when nothing matches the tag.
        const data = chosen ? toGiphyGif(baseUrl, chosen) : [];
        return { status: 200, json: { data, meta: meta(200, 'OK') } };
      }
      default:
        return fail(404);
    }
  };

  return startStandInServer({
    port: options.port,
    host: options.host,
    route,
    errorBody: (status) => giphyErrorBody(status),
  });
}
