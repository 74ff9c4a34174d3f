// Malformed requests against every route /openapi.json lists, from a seeded generator (the same
// seed gives the same cases; FUZZ_SEED picks another). Whatever is sent, the API must answer with
// a 4xx (or a 2xx where the input happened to be acceptable), never a 5xx; every error carries
// a code, a message and a request id; no body leaks a stack or a path of ours; and the system
// still answers /healthz afterwards.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FuzzCase,
  generate,
  type JsonSchema,
  type Keys,
  type Operation,
  random,
} from '../support/api-fuzz-cases.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const RANDOM_CASES = 400;
const MIN_CASES = 500;
const IN_FLIGHT = 4;
const ANSWER_TIMEOUT_MS = 20_000;
// The routes that need no key (the document and the docs page are served outside ApiRoutes).
const PUBLIC_PATHS = new Set(['/healthz', '/openapi.json', '/docs']);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Raw HTTP: fetch would normalise `..`, fix percent-encoding and refuse some of these headers. */
function send(apiUrl: string, fuzz: FuzzCase): Promise<Answer> {
  const { hostname, port } = new URL(apiUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname,
        port,
        method: fuzz.method,
        path: fuzz.path,
        headers: fuzz.headers,
        agent: false,
        timeout: ANSWER_TIMEOUT_MS,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
          outgoing.destroy();
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
    );
    outgoing.on('error', reject);
    // A declared length the body does not have: send what there is and let the server decide.
    if (fuzz.body !== undefined) outgoing.write(fuzz.body);
    outgoing.end();
  });
}

const LEAKS = [/\n\s+at /, /node_modules/, /file:\/\//, /\.[cm]?[jt]s:\d+/, /\/work\//, /\/tmp\//];

/** What is wrong with an answer, or nothing. */
function faultsOf(answer: Answer): string[] {
  const faults: string[] = [];
  if (answer.status >= 500) faults.push(`status ${answer.status}`);
  for (const leak of LEAKS) if (leak.test(answer.text)) faults.push(`body leaks ${leak}`);
  if (answer.status >= 400) {
    let error: { code?: unknown; message?: unknown; requestId?: unknown } | undefined;
    try {
      error = (JSON.parse(answer.text) as { error?: typeof error }).error;
    } catch {
      faults.push('error body is not JSON');
    }
    for (const field of ['code', 'message', 'requestId'] as const) {
      if (typeof error?.[field] !== 'string' || error[field] === '')
        faults.push(`no error.${field}`);
    }
    if (typeof error?.requestId === 'string' && !/^[\w.:-]{1,128}$/.test(error.requestId)) {
      faults.push(`request id ${JSON.stringify(error.requestId).slice(0, 40)} is not one we issue`);
    }
  }
  return faults;
}

let system: LocalSystem;
let operations: Operation[];
let keys: Keys;

beforeAll(async () => {
  // Short event streams: an input that happens to be valid must not hold a case open for minutes.
  system = await startLocalSystem({ env: { API_STREAM_MAX_SECONDS: '2' } });
  const { runtime } = system;
  const issue = async (userId: string, roles: ('requester' | 'approver' | 'admin')[]) =>
    (await runtime.issueApiKey({ userId, displayName: userId, roles })).key;
  const revoked = await runtime.issueApiKey({
    userId: 'U_GONE',
    displayName: 'Gone',
    roles: ['admin'],
  });
  await runtime.stores.apiKeys.revoke(revoked.keyId, 'U_ADMIN');
  keys = {
    requester: await issue('U_ALICE', ['requester']),
    approver: await issue('U_APPROVER', ['approver']),
    admin: await issue('U_ADMIN', ['admin']),
    revoked: revoked.key,
  };
  const document = (await (await fetch(`${runtime.apiUrl}/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          description?: string;
          parameters?: { name: string; in: string; schema: JsonSchema }[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method,
      path: path.replace(/\{(\w+)\}/g, ':$1'),
      params: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: Object.fromEntries(
        (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]),
      ),
      body: operation.requestBody?.content['application/json']?.schema,
      role: /Needs the (requester|approver|admin) role/.exec(operation.description ?? '')?.[1] as
        | Operation['role']
        | undefined,
    })),
  );
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('the request API under malformed requests', () => {
  it('answers 500+ seeded malformed requests without a 5xx or a keyless 2xx, with error bodies that leak nothing', async ({
    annotate,
  }) => {
    // Prepare
    const cases = generate(random(SEED), operations, keys, {
      random: RANDOM_CASES,
      atLeast: MIN_CASES,
    });
    const failures: string[] = [];
    const statuses: Record<number, number> = {};

    // Act
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const fuzz = cases[index] as FuzzCase;
        const where = `#${index} ${fuzz.method} ${fuzz.path.slice(0, 80)} (${fuzz.label})`;
        try {
          const answer = await send(system.runtime.apiUrl, fuzz);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          const pathname = fuzz.path.split('?')[0] as string;
          if (!fuzz.keyed && answer.status < 300 && !PUBLIC_PATHS.has(pathname)) {
            failures.push(`${where}: answered ${answer.status} without a valid key`);
          }
          for (const fault of faultsOf(answer))
            failures.push(`${where}: ${fault} [${answer.status}]: ${answer.text.slice(0, 200)}`);
        } catch (error) {
          failures.push(`${where}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const health = await fetch(`${system.runtime.apiUrl}/healthz`);

    // Assess (the annotation is the run's report: how many cases, which answers)
    await annotate(
      `seed ${SEED}: ${cases.length} cases over ${operations.length} operations; statuses ${JSON.stringify(statuses)}`,
    );
    expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
    expect(failures).toEqual([]);
    expect(new Set(cases.map((fuzz) => fuzz.operation)).size).toBe(operations.length);
    expect(health.status).toBe(200);
    // The server runs in this process: no body may have reached Object.prototype.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  }, 300_000);
});
