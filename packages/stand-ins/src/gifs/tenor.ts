import { createHash } from 'node:crypto';
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
  matchQuery,
  ratingWithin,
} from './catalog.js';
import { MEDIA_PREFIX, mediaReply } from './media.js';

export interface TenorStandInOptions {
  readonly port?: number;
  readonly host?: string;
  /** Keys the stand-in accepts; any non-empty key when absent. */
  readonly apiKeys?: readonly string[];
  readonly gifs?: readonly CatalogGif[];
}

/**
 * Tenor's `contentfilter` values and the strongest rating each lets through
 * (high: G; medium: G and PG; low: up to PG-13; off: up to R).
 */
export const TENOR_CONTENT_FILTERS: Readonly<Record<string, GifRating>> = {
  high: 'g',
  medium: 'pg',
  low: 'pg-13',
  off: 'r',
};

const GOOGLE_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  404: 'Requested entity was not found.',
  429: 'Resource has been exhausted (e.g. check quota).',
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 50;

/** Tenor v2 (a Google API) error envelope: `{error:{code,message,status}}`. */
export function tenorErrorBody(status: number, message?: string) {
  return {
    error: {
      code: status,
      message: message ?? DEFAULT_MESSAGES[status] ?? 'Request failed.',
      status: GOOGLE_STATUS[status] ?? 'UNKNOWN',
    },
  };
}

function fail(status: number, message?: string): StandInReply {
  return { status, json: tenorErrorBody(status, message) };
}

// Tenor ids are long decimal strings; derive a stable one from the catalog id.
function tenorId(gif: CatalogGif): string {
  const digest = createHash('sha256').update(gif.id).digest('hex');
  return BigInt(`0x${digest.slice(0, 16)}`).toString();
}

function mediaObject(
  baseUrl: string,
  id: string,
  file: string,
  dims: [number, number],
  size: number,
) {
  return {
    url: `${baseUrl}${MEDIA_PREFIX}${id}/${file}`,
    duration: file.endsWith('.gif') ? 0 : 2.4,
    preview: '',
    dims,
    size,
  };
}

function scaled(gif: CatalogGif, width: number): [number, number] {
  return [width, Math.max(1, Math.round((gif.height * width) / gif.width))];
}

/** Renders a catalog entry as a Tenor v2 response object, limited to `formats` when given. */
export function toTenorResult(baseUrl: string, gif: CatalogGif, formats?: readonly string[]) {
  const id = tenorId(gif);
  const all: Record<string, ReturnType<typeof mediaObject>> = {
    gif: mediaObject(baseUrl, id, 'tenor.gif', [gif.width, gif.height], gif.size),
    mediumgif: mediaObject(baseUrl, id, 'medium.gif', scaled(gif, 320), Math.round(gif.size / 2)),
    tinygif: mediaObject(baseUrl, id, 'tiny.gif', scaled(gif, 220), Math.round(gif.size / 6)),
    nanogif: mediaObject(baseUrl, id, 'nano.gif', scaled(gif, 90), Math.round(gif.size / 20)),
    mp4: mediaObject(baseUrl, id, 'tenor.mp4', [gif.width, gif.height], Math.round(gif.size / 5)),
    tinymp4: mediaObject(baseUrl, id, 'tiny.mp4', scaled(gif, 220), Math.round(gif.size / 25)),
  };
  const media_formats = formats
    ? Object.fromEntries(Object.entries(all).filter(([name]) => formats.includes(name)))
    : all;
  const slug = gif.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    id,
    title: gif.title,
    media_formats,
    created: 1709294400.123456,
    content_description: gif.title,
    itemurl: `https://tenor.com/view/${slug}-gif-${id}`,
    url: `https://tenor.com/b${id.slice(0, 6)}.gif`,
    tags: gif.tags,
    flags: [],
    hasaudio: false,
  };
}

function listReply(
  baseUrl: string,
  request: RecordedRequest,
  candidates: readonly CatalogGif[],
  rotation: number,
): StandInReply {
  const { query } = request;
  const filter = (query.contentfilter ?? 'off').toLowerCase();
  const strongest = TENOR_CONTENT_FILTERS[filter];
  if (!strongest) return fail(400, `Invalid value for contentfilter: ${query.contentfilter}`);
  const rawLimit = query.limit ?? String(DEFAULT_LIMIT);
  if (!/^\d+$/.test(rawLimit)) return fail(400, `Invalid value for limit: ${rawLimit}`);
  const rawPos = query.pos ?? '';
  if (rawPos !== '' && !/^\d+$/.test(rawPos)) return fail(400, `Invalid value for pos: ${rawPos}`);
  const limit = Math.min(Math.max(Number(rawLimit), 1), MAX_LIMIT);
  const start = rawPos === '' ? 0 : Number(rawPos);

  let allowed = candidates.filter((gif) => ratingWithin(gif.rating, strongest));
  if (query.random === 'true' && allowed.length > 0) {
    const turn = rotation % allowed.length;
    allowed = [...allowed.slice(turn), ...allowed.slice(0, turn)];
  }
  const formats = query.media_filter
    ? query.media_filter.split(',').map((name) => name.trim())
    : undefined;
  const slice = allowed.slice(start, start + limit);
  const end = start + slice.length;
  return {
    status: 200,
    json: {
      locale: query.locale ?? 'en',
      results: slice.map((gif) => toTenorResult(baseUrl, gif, formats)),
      next: end < allowed.length ? String(end) : '',
    },
  };
}

/**
 * Starts a Tenor v2 stand-in serving `/v2/search` and `/v2/featured` in Tenor's
 * `results` / `media_formats` shape, honouring `contentfilter`, `limit`, `pos`,
 * `media_filter` and `random`, plus the image bytes its URLs point at.
 */
export async function startTenorStandIn(options: TenorStandInOptions = {}): Promise<StandIn> {
  const gifs = options.gifs ?? DEFAULT_CATALOG;
  let randomTurn = 0;

  const route = (request: RecordedRequest, baseUrl: string): StandInReply => {
    if (request.path.startsWith(MEDIA_PREFIX)) return mediaReply(request.path, tenorErrorBody(404));
    if (request.method !== 'GET') return fail(405, 'Method not allowed.');
    const key = request.query.key;
    if (!key) return fail(403, 'The request is missing a valid API key.');
    if (options.apiKeys && !options.apiKeys.includes(key)) {
      return fail(400, 'API key not valid. Please pass a valid API key.');
    }
    randomTurn += request.query.random === 'true' ? 1 : 0;

    switch (request.path) {
      case '/v2/search': {
        const q = request.query.q ?? '';
        if (q.trim() === '') return fail(400, 'Missing required parameter: q');
        return listReply(baseUrl, request, matchQuery(gifs, q), randomTurn);
      }
      case '/v2/featured':
        return listReply(
          baseUrl,
          request,
          gifs.filter((gif) => gif.trending),
          randomTurn,
        );
      default:
        return fail(404);
    }
  };

  return startStandInServer({
    port: options.port,
    host: options.host,
    route,
    errorBody: (status) => tenorErrorBody(status),
  });
}
