import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type StandIn, startTenorStandIn } from '../src/index.js';

const MediaSchema = z.object({
  url: z.string(),
  dims: z.tuple([z.number().int(), z.number().int()]),
  duration: z.number(),
  size: z.number().int(),
});

const TenorListSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      media_formats: z.record(z.string(), MediaSchema),
      content_description: z.string(),
      itemurl: z.string(),
      url: z.string(),
      tags: z.array(z.string()),
      flags: z.array(z.string()),
      hasaudio: z.boolean(),
      created: z.number(),
    }),
  ),
  next: z.string(),
});

const TenorErrorSchema = z.object({
  error: z.object({ code: z.number(), message: z.string(), status: z.string() }),
});

async function get<S extends z.ZodType>(url: string, schema: S) {
  const response = await fetch(url);
  return {
    status: response.status,
    headers: response.headers,
    body: schema.parse(await response.json()),
  };
}

describe('Tenor stand-in', () => {
  let tenor: StandIn;

  beforeAll(async () => {
    tenor = await startTenorStandIn({ apiKeys: ['k'] });
  });

  afterEach(() => {
    tenor.reset();
  });

  afterAll(async () => {
    await tenor.close();
  });

  it('answers search in the v2 results / media_formats shape with numeric dims', async () => {
    // Act
    const { status, body } = await get(`${tenor.url}/v2/search?key=k&q=party`, TenorListSchema);

    // Assess
    expect(status).toBe(200);
    expect(body.results).toHaveLength(1);
    const [result] = body.results;
    expect(result?.id).toMatch(/^\d+$/);
    expect(result?.media_formats.gif).toMatchObject({ dims: [480, 270], size: 1502312 });
    expect(Object.keys(result?.media_formats ?? {})).toEqual(
      expect.arrayContaining(['gif', 'tinygif', 'mediumgif', 'nanogif', 'mp4', 'tinymp4']),
    );
    expect(body.next).toBe('');
  });

  it.each([
    ['high', ['g']],
    ['medium', ['g', 'pg']],
    ['low', ['g', 'pg', 'pg-13']],
    ['off', ['g', 'pg', 'pg-13', 'r']],
  ])('honours contentfilter=%s', async (filter, ratings) => {
    // Act
    const { body } = await get(
      `${tenor.url}/v2/search?key=k&q=celebrate&contentfilter=${filter}`,
      TenorListSchema,
    );

    // Assess
    expect(body.results).toHaveLength(ratings.length);
  });

  it('applies no filter by default, as Tenor does', async () => {
    // Act
    const { body } = await get(`${tenor.url}/v2/search?key=k&q=celebrate`, TenorListSchema);

    // Assess
    expect(body.results).toHaveLength(4);
  });

  it('pages with limit and the next position token', async () => {
    // Act
    const first = await get(`${tenor.url}/v2/search?key=k&q=celebrate&limit=3`, TenorListSchema);
    const second = await get(
      `${tenor.url}/v2/search?key=k&q=celebrate&limit=3&pos=${first.body.next}`,
      TenorListSchema,
    );

    // Assess
    expect(first.body.next).toBe('3');
    expect(second.body.results.map((result) => result.title)).toEqual(['Wild Night Celebrate GIF']);
    expect(second.body.next).toBe('');
  });

  it('limits formats to media_filter', async () => {
    // Act
    const { body } = await get(
      `${tenor.url}/v2/search?key=k&q=party&media_filter=gif,tinygif`,
      TenorListSchema,
    );

    // Assess
    expect(Object.keys(body.results[0]?.media_formats ?? {}).sort()).toEqual(['gif', 'tinygif']);
  });

  it('rotates the order when random=true', async () => {
    // Act
    const first = await get(`${tenor.url}/v2/featured?key=k&random=true`, TenorListSchema);
    const second = await get(`${tenor.url}/v2/featured?key=k&random=true`, TenorListSchema);

    // Assess
    expect(first.body.results[0]?.id).not.toBe(second.body.results[0]?.id);
    expect(new Set(first.body.results.map((result) => result.id))).toEqual(
      new Set(second.body.results.map((result) => result.id)),
    );
  });

  it.each([
    ['/v2/search?q=cat', 403, 'PERMISSION_DENIED'],
    ['/v2/search?key=wrong&q=cat', 400, 'INVALID_ARGUMENT'],
    ['/v2/search?key=k', 400, 'INVALID_ARGUMENT'],
    ['/v2/search?key=k&q=cat&contentfilter=strict', 400, 'INVALID_ARGUMENT'],
    ['/v2/search?key=k&q=cat&pos=abc', 400, 'INVALID_ARGUMENT'],
    ['/v2/trending?key=k', 404, 'NOT_FOUND'],
  ])('answers %s with %i in the Google error envelope', async (path, status, code) => {
    // Act
    const response = await get(`${tenor.url}${path}`, TenorErrorSchema);

    // Assess
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code: status, status: code });
  });

  it('scripts a 429 with Retry-After as RESOURCE_EXHAUSTED', async () => {
    // Prepare
    tenor.failNext(1, { status: 429, retryAfter: 3 });

    // Act
    const limited = await get(`${tenor.url}/v2/featured?key=k`, TenorErrorSchema);
    const next = await get(`${tenor.url}/v2/featured?key=k`, TenorListSchema);

    // Assess
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(next.status).toBe(200);
    expect(tenor.requests.map((request) => request.path)).toEqual(['/v2/featured', '/v2/featured']);
  });
});
