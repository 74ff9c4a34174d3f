import { describe, expect, it } from 'vitest';
import { HttpRequestError, type HttpSettings, requestJson } from '../../src/index.js';

type Reply = Response | Error;

/** A fetch that answers from a script and records what it was asked; sleeps are recorded. */
function scripted(...replies: Reply[]) {
  const calls: { method: string; body: string | undefined }[] = [];
  const sleeps: number[] = [];
  const fetchStub = async (_input: unknown, init?: RequestInit) => {
    calls.push({ method: init?.method ?? 'GET', body: init?.body as string | undefined });
    const reply = replies.shift() ?? new Response('{}', { status: 200 });
    if (reply instanceof Error) throw reply;
    return reply;
  };
  const settings: HttpSettings = {
    fetch: fetchStub as typeof fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
  };
  return { calls, sleeps, settings };
}

const url = new URL('http://127.0.0.1:9/thing');
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers });

async function failure(promise: Promise<unknown>): Promise<HttpRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof HttpRequestError)) throw new Error('expected an HttpRequestError');
  return error;
}

describe('requestJson', () => {
  it('sends a JSON body and reads a 201 answer', async () => {
    // Prepare
    const { calls, settings } = scripted(json(201, { id: 1 }));

    // Act
    const response = await requestJson(
      { service: 'Svc', url, method: 'POST', body: { a: 1 } },
      settings,
    );

    // Assess
    expect(response).toEqual({ status: 201, body: { id: 1 } });
    expect(calls).toEqual([{ method: 'POST', body: '{"a":1}' }]);
  });

  it('reads a 204 as no body', async () => {
    // Prepare
    const { settings } = scripted(new Response(null, { status: 204 }));

    // Act
    const response = await requestJson({ service: 'Svc', url, method: 'DELETE' }, settings);

    // Assess
    expect(response).toEqual({ status: 204, body: undefined });
  });

  it('does not repeat a POST that failed with 5xx: it may have been applied', async () => {
    // Prepare
    const { calls, settings } = scripted(json(503, {}));

    // Act
    const error = await failure(requestJson({ service: 'Svc', url, method: 'POST' }, settings));

    // Assess
    expect(error.message).toBe('Svc failed with HTTP 503 after 1 attempt');
    expect(error.code).toBe('unavailable');
    expect(calls).toHaveLength(1);
  });

  it('repeats a POST on 429, and a POST declared safe on 5xx', async () => {
    // Prepare
    const { calls, sleeps, settings } = scripted(
      json(429, {}, { 'retry-after': '3' }),
      json(500, {}),
      json(200, { ok: true }),
    );

    // Act
    const response = await requestJson(
      { service: 'Svc', url, method: 'POST', retrySafe: true },
      settings,
    );

    // Assess
    expect(response.body).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([3000, 1000]);
  });

  it('retries a GET that could not connect, then says it could not reach the service', async () => {
    // Prepare
    const refused = new TypeError('fetch failed');
    const { sleeps, settings } = scripted(refused, refused, refused);

    // Act
    const error = await failure(requestJson({ service: 'Svc', url }, settings));

    // Assess
    expect(error.message).toBe('Svc could not be reached after 3 attempts');
    expect(sleeps).toEqual([500, 1000]);
  });

  it('caps the backoff at the longest wait allowed', async () => {
    // Prepare
    const { sleeps, settings } = scripted(json(502, {}), json(502, {}), json(200, {}));

    // Act
    await requestJson(
      { service: 'Svc', url },
      { ...settings, backoffMs: 800, maxRetryAfterMs: 1000 },
    );

    // Assess
    expect(sleeps).toEqual([800, 1000]);
  });

  it("uses the caller's reading of an error body and name for the credentials", async () => {
    // Prepare
    const { settings } = scripted(json(401, { errorMessages: ['Not logged in'] }));

    // Act
    const error = await failure(
      requestJson(
        {
          service: 'Svc',
          url,
          credentialName: 'API token',
          errorDetail: (body) => (body as { errorMessages: string[] }).errorMessages[0],
        },
        settings,
      ),
    );

    // Assess
    expect(error.message).toBe('Svc refused the API token (HTTP 401): Not logged in');
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, attempts: 1 });
    expect(error.body).toEqual({ errorMessages: ['Not logged in'] });
  });

  it('reports an answer that is not JSON', async () => {
    // Prepare
    const { settings } = scripted(new Response('<html>', { status: 200 }));

    // Act
    const error = await failure(requestJson({ service: 'Svc', url }, settings));

    // Assess
    expect(error).toMatchObject({
      code: 'bad_response',
      message: 'Svc answered with invalid JSON',
    });
  });
});
