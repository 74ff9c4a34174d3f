import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type StandIn, startGiphyStandIn } from '../src/index.js';

const RenditionSchema = z.object({
  url: z.string(),
  width: z.string(),
  height: z.string(),
  size: z.string(),
});

const GiphyGifBodySchema = z.object({
  type: z.literal('gif'),
  id: z.string(),
  title: z.string(),
  rating: z.string(),
  trending_datetime: z.string(),
  images: z.record(z.string(), RenditionSchema),
});

const GiphyListBodySchema = z.object({
  data: z.array(GiphyGifBodySchema),
  pagination: z.object({ total_count: z.number(), count: z.number(), offset: z.number() }),
  meta: z.object({ status: z.number(), msg: z.string(), response_id: z.string() }),
});

async function getJson<S extends z.ZodType>(
  url: string,
  schema: S,
): Promise<{ status: number; headers: Headers; body: z.output<S> }> {
  const response = await fetch(url);
  return {
    status: response.status,
    headers: response.headers,
    body: schema.parse(await response.json()),
  };
}

function list(url: string) {
  return getJson(url, GiphyListBodySchema);
}

describe('Giphy stand-in', () => {
  let giphy: StandIn;

  beforeAll(async () => {
    giphy = await startGiphyStandIn({ apiKeys: ['k'] });
  });

  afterEach(() => {
    giphy.reset();
  });

  afterAll(async () => {
    await giphy.close();
  });

  it('listens on 127.0.0.1 on a free port', () => {
    // Assess
    expect(giphy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(giphy.port).toBeGreaterThan(0);
  });

  it('answers search in Giphy shape with numeric-string dimensions', async () => {
    // Act
    const { status, body } = await list(`${giphy.url}/v1/gifs/search?api_key=k&q=party`);

    // Assess
    expect(status).toBe(200);
    expect(body.pagination).toEqual({ total_count: 1, count: 1, offset: 0 });
    expect(body.meta).toMatchObject({ status: 200, msg: 'OK', response_id: expect.any(String) });
    const [gif] = body.data;
    if (!gif) throw new Error('expected one GIF');
    expect(gif).toMatchObject({ type: 'gif', id: 'xT9IgG50Fb7Mi0prBC', rating: 'g' });
    for (const name of ['original', 'fixed_height', 'fixed_width', 'downsized', 'preview_gif']) {
      const rendition = gif.images[name];
      expect(rendition?.width).toMatch(/^\d+$/);
      expect(rendition?.height).toMatch(/^\d+$/);
      expect(rendition?.size).toMatch(/^\d+$/);
    }
    expect(gif.images.fixed_height?.height).toBe('200');
  });

  it('treats rating as a maximum, with no limit when absent', async () => {
    // Act
    const g = await list(`${giphy.url}/v1/gifs/search?api_key=k&q=celebrate&rating=g`);
    const pg13 = await list(`${giphy.url}/v1/gifs/search?api_key=k&q=celebrate&rating=pg-13`);
    const all = await list(`${giphy.url}/v1/gifs/search?api_key=k&q=celebrate`);

    // Assess
    expect(g.body.data.map((gif) => gif.rating)).toEqual(['g']);
    expect(pg13.body.data.map((gif) => gif.rating)).toEqual(['g', 'pg', 'pg-13']);
    expect(all.body.pagination.total_count).toBe(4);
  });

  it('pages with limit and offset', async () => {
    // Act
    const { body } = await list(
      `${giphy.url}/v1/gifs/search?api_key=k&q=celebrate&limit=2&offset=1`,
    );

    // Assess
    expect(body.pagination).toEqual({ total_count: 4, count: 2, offset: 1 });
    expect(body.data.map((gif) => gif.title)).toEqual([
      'Happy Dance Celebrate GIF',
      'Champagne Celebrate GIF',
    ]);
  });

  it('answers random with one GIF, or an empty array when nothing matches', async () => {
    // Act
    const found = await getJson(
      `${giphy.url}/v1/gifs/random?api_key=k&tag=cat`,
      z.object({ data: z.unknown() }),
    );
    const none = await getJson(
      `${giphy.url}/v1/gifs/random?api_key=k&tag=zebra`,
      z.object({ data: z.unknown() }),
    );

    // Assess
    expect(found.body.data).toMatchObject({ type: 'gif' });
    expect(none.body.data).toEqual([]);
  });

  it('lists trending GIFs only on trending', async () => {
    // Act
    const { body } = await list(`${giphy.url}/v1/gifs/trending?api_key=k&limit=50`);

    // Assess
    expect(
      body.data.every(
        (gif: { trending_datetime: string }) => !gif.trending_datetime.startsWith('0000'),
      ),
    ).toBe(true);
    expect(body.data.map((gif) => gif.rating)).toContain('r');
  });

  it.each([
    ['/v1/gifs/search?q=cat', 401, 'No API key found in request.'],
    ['/v1/gifs/search?api_key=wrong&q=cat', 403, 'Forbidden'],
    ['/v1/gifs/search?api_key=k', 400, 'q is required'],
    [`/v1/gifs/search?api_key=k&q=${'x'.repeat(51)}`, 414, 'URI Too Long'],
    ['/v1/gifs/search?api_key=k&q=cat&rating=x', 400, 'rating x is not valid'],
    ['/v1/gifs/search?api_key=k&q=cat&offset=5000', 400, 'offset must be at most 4999'],
    ['/v1/gifs/nope?api_key=k', 404, 'Not Found'],
  ])('answers %s with %i in the Giphy error envelope', async (path, status, message) => {
    // Act
    const response = await getJson(`${giphy.url}${path}`, z.unknown());

    // Assess
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ meta: { status, msg: message }, message });
  });

  it('scripts 429s with Retry-After, then answers normally, recording every request', async () => {
    // Prepare
    giphy.failNext(2, { status: 429, retryAfter: 7 });

    // Act
    const first = await getJson(`${giphy.url}/v1/gifs/search?api_key=k&q=cat`, z.unknown());
    const second = await getJson(`${giphy.url}/v1/gifs/search?api_key=k&q=cat`, z.unknown());
    const third = await list(`${giphy.url}/v1/gifs/search?api_key=k&q=cat`);

    // Assess
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body).toMatchObject({ meta: { status: 429, msg: 'API rate limit exceeded' } });
    expect(giphy.requests.map((request) => request.query.q)).toEqual(['cat', 'cat', 'cat']);
  });

  it('serves the image bytes its URLs point at', async () => {
    // Prepare
    const { body } = await list(`${giphy.url}/v1/gifs/search?api_key=k&q=party`);

    // Act
    const image = await fetch(body.data[0]?.images.original?.url ?? '');

    // Assess
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/gif');
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(0, 6)
        .toString('ascii'),
    ).toBe('GIF89a');
  });
});

describe('stand-in lifecycle', () => {
  it('closes even with a hung request open', async () => {
    // Prepare
    const giphy = await startGiphyStandIn();
    giphy.failNext(1, { hang: true });
    const pending = fetch(`${giphy.url}/v1/gifs/search?api_key=k&q=cat`).then(
      () => 'answered',
      () => 'dropped',
    );

    // Act
    await expect.poll(() => giphy.requests.length).toBe(1);
    await giphy.close();

    // Assess
    expect(await pending).toBe('dropped');
  });

  it('can listen on a given port', async () => {
    // Prepare
    const first = await startGiphyStandIn();
    const port = first.port;
    await first.close();

    // Act
    const second = await startGiphyStandIn({ port });
    await second.close();

    // Assess
    expect(second.port).toBe(port);
  });
});
