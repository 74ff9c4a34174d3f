// The cases of the API fuzz test (test/e2e/api-fuzz.test.ts): operations as /openapi.json
// lists them, each broken in one place, from a seeded generator (same seed, same cases).

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  minItems?: number;
  minLength?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
}
export interface Operation {
  method: string;
  /** Hono's form: /requests/:id */
  path: string;
  params: string[];
  query: Record<string, JsonSchema>;
  body: JsonSchema | undefined;
  /** The least role it needs; undefined for public routes. */
  role: 'requester' | 'approver' | 'admin' | undefined;
}
export interface FuzzCase {
  /** The operation it breaks, as /openapi.json names it. */
  operation: string;
  label: string;
  /** Whether it presents a valid key: without one, only public routes may answer 2xx. */
  keyed: boolean;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: string | Buffer;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, pick };
}
export type Random = ReturnType<typeof random>;

/** A plausible value for a schema: the starting point each body mutation breaks in one place. */
function sample(schema: JsonSchema | undefined): Record<string, unknown> {
  return sampleOf(schema) as Record<string, unknown>;
}

function sampleOf(schema: JsonSchema | undefined): unknown {
  if (!schema) return 'x';
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf?.[0]) return sampleOf(schema.anyOf[0]);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => schema.required?.includes(name) ?? true)
          .map(([name, inner]) => [name, name === 'tool' ? 'gifs__search_gifs' : sampleOf(inner)]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        sampleOf(schema.items),
      );
    case 'number':
    case 'integer':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    default:
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const WRONG_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  '',
  [],
  [null],
  {},
  'x'.repeat(20_000),
  '\u0000',
  '\ud800',
  '\u202eevil\u202c',
  '😀'.repeat(50),
  { __proto__: { roles: ['admin'] } },
  { constructor: { prototype: { isAdmin: true } } },
];
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

type BrokenBody = { label: string; body: string | Buffer };
const deepArguments = (deep: string) =>
  `{"toolCalls":[{"tool":"gifs__search_gifs","arguments":{"query":"cat","q":${deep}}}]}`;

/** Bodies: invalid JSON, wrong types, huge strings, deep nesting, arrays for objects, … */
const BODY_KINDS: ((rng: Random, op: Operation) => BrokenBody)[] = [
  (rng) => ({
    label: 'invalid JSON',
    body: rng.pick(['{', '{"a":}', "{'a':1}", '{"a":1,}', 'NaN', '[1,,2]', '"\\x"', '{"a"', '}{']),
  }),
  (rng, op) =>
    json('a wrong type', { ...sample(op.body), [field(rng, op)]: rng.pick(WRONG_VALUES) }),
  (rng, op) => json('an array for the object', rng.pick([[], [sample(op.body)], [[{}]]])),
  (rng) => json('a scalar for the object', rng.pick([null, 1, 'body', true])),
  (rng, op) =>
    json('a huge string', {
      ...sample(op.body),
      [field(rng, op)]: 'x'.repeat(rng.pick([60_000, 70_000])),
    }),
  () => json('a huge multibyte string', { query: 'é'.repeat(40_000) }),
  (rng) => ({ label: 'a deep array', body: deepArray(rng.pick([25, 1_000, 10_000, 30_000])) }),
  (rng) => ({ label: 'a deep object', body: deepObject(rng.pick([25, 1_000, 10_000])) }),
  // Tool arguments are stored as given: deep enough, DynamoDB refuses the item, deeper still the
  // recursive walks on the way overflow the stack.
  (rng) => ({
    label: 'deep tool arguments',
    body: deepArguments(deepObject(rng.pick([30, 200, 2_000, 10_000]))),
  }),
  (rng) => ({
    label: 'deep array arguments',
    body: deepArguments(deepArray(rng.pick([30, 2_000, 20_000]))),
  }),
  (rng, op) => {
    const key = rng.pick(POLLUTING_KEYS);
    const inner = `{"${key}":{"roles":["admin"],"isAdmin":true,"polluted":"yes"}}`;
    const text = JSON.stringify(sample(op.body));
    return {
      label: `prototype key ${key}`,
      body: rng.pick([
        `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"${key}":{"polluted":"yes"}}`,
        inner,
        `{"toolCalls":[{"tool":"gifs__search_gifs","arguments":${inner}}]}`,
      ]),
    };
  },
  (rng, op) => ({
    label: 'odd unicode',
    body: rng.pick([
      '{"query":"\\ud800"}',
      '{"query":"\\udfff\\ud800"}',
      `\ufeff${JSON.stringify(sample(op.body))}`,
      Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]),
      JSON.stringify({ ...sample(op.body), [field(rng, op)]: '\u0000\u202e\u200b😀\u0301' }),
    ]),
  }),
  (rng, op) =>
    json('nulls', rng.pick([null, { ...sample(op.body), [field(rng, op)]: null }, [null]])),
  (rng) => ({ label: 'whitespace only', body: rng.pick([' ', '\n\t', '\u00a0']) }),
];

function json(label: string, value: unknown): BrokenBody {
  return { label, body: JSON.stringify(value) };
}

function field(rng: Random, op: Operation): string {
  return rng.pick(Object.keys(op.body?.properties ?? { field: {} }));
}

const BAD_IDS = [
  '',
  '%20',
  '%00',
  '%E0%A4%A',
  '%',
  '%%',
  '%ZZ',
  '..',
  '%2e%2e',
  '..%2f..%2fkeys',
  '%2F',
  'x'.repeat(5_000),
  '01ARZ3NDEKTSV4RRFFQ69G5FA',
  '01ARZ3NDEKTSV4RRFFQ69G5FAVX',
  'ZZZZZZZZZZZZZZZZZZZZZZZZZZ',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  '%F0%9F%98%80',
  '%C0%AF',
  '%ED%A0%80',
  "'%20OR%201=1--",
  '__proto__',
  'constructor',
  '0000000000000000',
  'ffffffffffffffff',
];
const UNKNOWN_PATHS = [
  '/nope',
  '//requests',
  '/requests/',
  '/REQUESTS',
  '/requests/a/b/c/d',
  '/../../etc/passwd',
  '/requests/..',
  `/${'a'.repeat(8_000)}`,
  '/%E0%A4%A',
  '/healthz/..%2f..%2f',
  '/openapi.json/x',
  '/keys/a/b',
];

/** Paths: bad ids, percent-encoding errors, `..`, very long segments, unknown routes. */
function brokenPath(rng: Random, op: Operation): { label: string; path: string } {
  if (op.params.length === 0 || rng.next() < 0.3) {
    return { label: 'an unknown route', path: rng.pick(UNKNOWN_PATHS) };
  }
  let path = op.path;
  for (const name of op.params) path = path.replace(`:${name}`, rng.pick(BAD_IDS));
  return { label: 'a bad id', path };
}

const BAD_QUERIES = [
  'limit=abc',
  'limit=-1',
  'limit=0',
  'limit=101',
  'limit=1e309',
  'limit=1.5',
  'limit=0x10',
  'limit=%20',
  'limit=Infinity',
  'limit=NaN',
  'limit=',
  'limit=1&limit=abc',
  'limit=abc&limit=1',
  'status=bogus',
  'status=pending&status=completed',
  'status[]=pending',
  'mine=yes',
  'mine=true&mine=false',
  'cursor=garbage!!',
  `cursor=${base64url('{}')}`,
  `cursor=${base64url('{"x":"y"}')}`,
  `cursor=${base64url('{"requestId":"a","status":"b","createdAt":"c"}')}`,
  `cursor=${base64url('{"requestId":1}')}`,
  `cursor=${base64url('[]')}`,
  `cursor=${base64url('null')}`,
  `cursor=${base64url('{"__proto__":{"polluted":"yes"}}')}`,
  `cursor=${'A'.repeat(3_000)}`,
  'cursor=%E0%A4%A',
  'cursor=%',
  'limit=%E0%A4%A',
  '%=%',
  '&&&=&',
  '__proto__[polluted]=yes',
  'constructor[prototype][polluted]=yes',
];

/** Query strings: bad numbers, repeated keys, bad cursors, encoding errors. */
// Any parameter the route declares gets these too (times, enums, names and numbers alike).
const BAD_VALUES = [
  '',
  'x',
  '-1',
  '1e309',
  '2026-13-45T99:99:99Z',
  '0000-00-00',
  '%E0%A4%A',
  '%00',
  'x'.repeat(5_000),
  '__proto__',
];

/** The route's own parameters with bad values, then the generic bad queries. */
function badQueriesOf(op: Operation): string[] {
  const own = Object.keys(op.query).flatMap((name) => [
    ...BAD_VALUES.map((value) => `${name}=${value}`),
    `${name}=a&${name}=b`,
  ]);
  return [...own, ...BAD_QUERIES];
}

function brokenQuery(rng: Random, op: Operation): string {
  const queries = badQueriesOf(op);
  const parts = [rng.pick(queries)];
  if (rng.next() < 0.3) parts.push(rng.pick(queries));
  return parts.join('&');
}

const CONTENT_TYPES = [
  'text/plain',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/jsonx',
  'application/json, text/plain',
  ';;;',
  '*/*',
];

interface Auth {
  label: string;
  headers: FuzzCase['headers'];
  /** Whether a valid, unrevoked key is presented (the scheme's case and spacing do not matter). */
  keyed: boolean;
}

function authHeaders(rng: Random, keys: Keys): Auth {
  const valid = rng.pick([keys.requester, keys.approver, keys.admin]);
  const garbled: [string, FuzzCase['headers']][] = [
    ['no key', {}],
    ['Bearer alone', { authorization: 'Bearer' }],
    ['a key with a tail', { authorization: `Bearer ${valid} extra` }],
    ['lower-case scheme', { authorization: `bearer  ${valid}` }],
    ['Basic', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an unknown key', { authorization: `Bearer hitl_0000000000000000_${'A'.repeat(43)}` }],
    ['a wrong secret', { authorization: `Bearer ${valid.slice(0, 22)}${'B'.repeat(43)}` }],
    ['latin-1 bytes', { authorization: 'Bearer \u00ff\u00fe\u00e9\u00c0' }],
    ['a long header', { authorization: `Bearer ${'k'.repeat(8_000)}` }],
    ['a revoked key', { authorization: `Bearer ${keys.revoked}` }],
    ['two keys', { authorization: [`Bearer ${valid}`, 'Bearer nope'] }],
    ['X-API-Key garbage', { 'x-api-key': 'hitl_nope' }],
  ];
  if (rng.next() < 0.65) {
    const role = rng.pick(['requester', 'approver', 'admin'] as const);
    return {
      label: `the ${role} key`,
      headers: { authorization: `Bearer ${keys[role]}` },
      keyed: true,
    };
  }
  const [label, headers] = rng.pick(garbled);
  return { label, headers, keyed: label === 'lower-case scheme' };
}

export interface Keys {
  requester: string;
  approver: string;
  admin: string;
  revoked: string;
}

type Focus = 'body' | 'headers' | 'path' | 'query' | 'method';
// Methods no route may answer as such (HEAD is left out: its answers have no body to check).
const ODD_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'TRACE'];
const HEADER_KINDS: ((rng: Random) => [string, FuzzCase['headers']])[] = [
  (rng) => ['an odd content type', { 'content-type': rng.pick(CONTENT_TYPES) }],
  (rng) => [
    'an oversized content-length',
    { 'content-length': rng.pick(['1000000000', '9007199254740993']) },
  ],
  (rng) => [
    'a bad request id',
    {
      'x-request-id': rng.pick([
        'a'.repeat(500),
        'has spaces',
        '<script>',
        '\u00ff\u00fe',
        '../..',
      ]),
    },
  ],
  () => ['event-stream wanted', { accept: 'text/event-stream' }],
  (rng) => ['an odd accept', { accept: rng.pick(['*/*;q=x', 'text/event-stream;;', '\u00e9']) }],
  (rng) => ['a foreign host', { host: rng.pick(['evil.example', '127.0.0.1:1', '[::1]']) }],
];

/** One case: the operation as a client would call it, broken in one place (`focus`). */
function caseOf(rng: Random, op: Operation, keys: Keys, focus: Focus, variant?: number): FuzzCase {
  // Half the systematic cases hold the role the route needs, so the breakage reaches validation.
  const auth: Auth =
    variant !== undefined && variant % 2 === 0
      ? {
          label: `the ${op.role ?? 'no'} key`,
          headers: op.role ? { authorization: `Bearer ${keys[op.role]}` } : {},
          keyed: op.role !== undefined,
        }
      : authHeaders(rng, keys);
  const headers: FuzzCase['headers'] = { ...auth.headers };
  let path = op.path;
  for (const name of op.params) path = path.replace(`:${name}`, rng.pick(BAD_IDS.slice(12, 16)));
  let body: string | Buffer | undefined = op.body ? JSON.stringify(sample(op.body)) : undefined;
  let label: string;
  let method = op.method.toUpperCase();
  const choose = <T>(list: readonly T[]) =>
    variant === undefined ? rng.pick(list) : (list[variant % list.length] as T);
  if (focus === 'body') {
    ({ label, body } = choose(BODY_KINDS)(rng, op));
  } else if (focus === 'path') {
    if (variant !== undefined && op.params.length > 0) {
      path = op.path;
      for (const name of op.params) path = path.replace(`:${name}`, choose(BAD_IDS));
      label = 'a bad id';
    } else ({ label, path } = brokenPath(rng, op));
  } else if (focus === 'query') {
    label = 'a bad query';
    path = `${path}?${variant === undefined ? brokenQuery(rng, op) : choose(badQueriesOf(op))}`;
  } else if (focus === 'method') {
    method = choose(ODD_METHODS.filter((odd) => odd !== method));
    label = `${method} instead`;
  } else {
    const [headerLabel, extra] = choose(HEADER_KINDS)(rng);
    label = headerLabel;
    Object.assign(headers, extra);
  }
  if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
    // Declared, so the server reads it whatever the method (an oversized declaration stays).
    headers['content-length'] ??= String(Buffer.byteLength(body));
  }
  return {
    operation: `${op.method} ${op.path}`,
    label: `${auth.label}, ${label}`,
    keyed: auth.keyed,
    method,
    path,
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/**
 * Every kind of breakage once per operation it applies to (body kinds where there is a body,
 * bad ids where there is an id, bad queries where there is a query), then random cases.
 */
export function generate(
  rng: Random,
  ops: readonly Operation[],
  keys: Keys,
  counts: { random: number; atLeast: number },
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const op of ops) {
    const each = (focus: Focus, count: number) => {
      for (let variant = 0; variant < count; variant++)
        cases.push(caseOf(rng, op, keys, focus, variant));
    };
    if (op.body) each('body', BODY_KINDS.length);
    if (op.params.length > 0) each('path', BAD_IDS.length);
    if (Object.keys(op.query).length > 0) each('query', badQueriesOf(op).length);
    each('headers', HEADER_KINDS.length);
    each('method', 2);
  }
  const foci: Focus[] = ['body', 'body', 'headers', 'path', 'query'];
  for (let index = 0; cases.length < counts.atLeast || index < counts.random; index++) {
    cases.push(caseOf(rng, ops[index % ops.length] as Operation, keys, rng.pick(foci)));
  }
  return cases;
}
