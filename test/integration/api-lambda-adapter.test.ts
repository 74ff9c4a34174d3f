// The request API answers the same whichever way it is served: (a) @hono/node-server on loopback,
// (b) `handle(app)` behind API Gateway's HTTP API (payload format 2.0), (c) `streamHandle(app)`
// behind a Function URL with response streaming. One app, built as the local runtime builds it,
// over the runtime's tables and state machine; each case goes through all three.

import { stepFunctionsClient } from '@agentcore/adapters';
import { LOCAL_AWS, type LocalRuntime, startLocalRuntime } from '@agentcore/local';
import { compose as composeApi, createApp, type ServedApi, serveApi } from '@agentcore/service-api';
import { createDocumentClient, fixedAuditKeys, generateAuditKeyring } from '@agentcore/store';
import { handle, streamHandle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  installAwsLambdaRuntime,
  invokeFunctionUrl,
  lambdaContext,
} from '../support/aws-lambda-runtime.js';

const TABLE_PREFIX = 'api-lambda';
const UNKNOWN_REQUEST = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

/** A request as a client sends it; each adapter turns it into its own wire form. */
interface ApiCall {
  method: 'GET' | 'POST';
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  /** API Gateway and Function URLs hand some bodies to the function base64-encoded. */
  base64?: boolean;
}
/** What a client sees: status, the headers that carry meaning, and the body as text. */
interface Seen {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}
type Adapter = (call: ApiCall) => Promise<Response>;

const COMPARED_HEADERS = ['content-type', 'cache-control', 'www-authenticate', 'x-request-id'];

async function seen(response: Response): Promise<Seen> {
  return {
    status: response.status,
    headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers.get(name)])),
    body: await response.text(),
  };
}

/** Request ids and times differ from one submission to the next; nothing else may. */
function normalised(answer: Seen): Seen {
  const body = answer.body
    .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '<ulid>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
  return { ...answer, body };
}

/** The HTTP API's payload format 2.0 event for a call (a Function URL sends the same shape). */
function v2Event(call: ApiCall, domainName: string) {
  const headers: Record<string, string> = {
    accept: '*/*',
    host: domainName,
    'user-agent': 'parity-test',
    'x-forwarded-for': '192.0.2.10',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...Object.fromEntries(Object.entries(call.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
  const query = new URLSearchParams(call.query ?? '');
  const parameters: Record<string, string> = {};
  // Repeated keys arrive joined by commas.
  for (const [name, value] of query) {
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: call.path,
    rawQueryString: call.query ?? '',
    headers,
    ...(Object.keys(parameters).length > 0 ? { queryStringParameters: parameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: domainName.split('.')[0],
      domainName,
      domainPrefix: domainName.split('.')[0],
      http: {
        method: call.method,
        path: call.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.10',
        userAgent: 'parity-test',
      },
      requestId: `req-${now.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(call.body !== undefined
      ? {
          body: call.base64 ? Buffer.from(call.body, 'utf8').toString('base64') : call.body,
          isBase64Encoded: call.base64 === true,
        }
      : { isBase64Encoded: false }),
  };
}

interface ProxyResult {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/** What API Gateway makes of the function's result: it decodes base64 bodies for the client. */
function gatewayResponse(result: ProxyResult): Response {
  const headers = new Headers(result.headers ?? {});
  for (const cookie of result.cookies ?? []) headers.append('set-cookie', cookie);
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  return new Response([204, 304].includes(result.statusCode) ? null : body, {
    status: result.statusCode,
    headers,
  });
}

let runtime: LocalRuntime;
let served: ServedApi;
let uninstallRuntime: () => void;
let close: () => Promise<void>;
const keys = { alice: '', bob: '' };
let finished = '';
/** Requests the cases submit: they run to the end before the runtime stops. */
const submitted: string[] = [];
const adapters: Record<'local server' | 'API Gateway v2' | 'Function URL streaming', Adapter> =
  {} as never;

beforeAll(async () => {
  // One audit key for the runtime's functions and this app, as one deployment's secret.
  const auditKeys = fixedAuditKeys(generateAuditKeyring());
  runtime = await startLocalRuntime({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: TABLE_PREFIX,
    auditKeys,
  });
  // The app as apps/local/src/runtime.ts builds it, over the runtime's tables and state machine.
  const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: runtime.dynamoEndpoint });
  const sfn = stepFunctionsClient({
    region: runtime.region,
    credentials: runtime.credentials,
    endpoint: runtime.endpoint,
  });
  const deps = composeApi(
    {
      AWS_REGION: LOCAL_AWS.region,
      TABLE_PREFIX,
      STATE_MACHINE_ARN: runtime.stateMachineArn,
      GIPHY_API_KEY: 'local',
      TENOR_API_KEY: 'local',
    },
    { documents, sfn, logSink: () => undefined, auditKeys },
  );
  const app = createApp(deps);
  served = await serveApi(app);
  close = async () => {
    await served?.close();
    await deps.mcp.close();
    documents.destroy();
    sfn.destroy();
  };
  uninstallRuntime = installAwsLambdaRuntime();
  const gateway = handle(app);
  const streaming = streamHandle(app);

  adapters['local server'] = (call) =>
    fetch(`${served.url}${call.path}${call.query ? `?${call.query}` : ''}`, {
      method: call.method,
      headers: call.headers ?? {},
      ...(call.body !== undefined ? { body: call.body } : {}),
    });
  adapters['API Gateway v2'] = async (call) =>
    gatewayResponse(
      (await gateway(
        v2Event(call, 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com') as never,
        lambdaContext('agentcore-api') as never,
      )) as ProxyResult,
    );
  adapters['Function URL streaming'] = (call) =>
    invokeFunctionUrl(
      streaming,
      v2Event(call, 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws'),
      lambdaContext('agentcore-api-stream'),
    );

  keys.alice = (
    await runtime.issueApiKey({ userId: 'U_ALICE', displayName: 'Alice', roles: ['requester'] })
  ).key;
  keys.bob = (
    await runtime.issueApiKey({ userId: 'U_BOB', displayName: 'Bob', roles: ['requester'] })
  ).key;
  // One request of Alice's that has run to the end, for get, list and its event stream.
  const submitted = await adapters['local server']({
    method: 'POST',
    path: '/requests',
    headers: { authorization: `Bearer ${keys.alice}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      toolCalls: [{ tool: 'gifs__search_gifs', arguments: { query: 'cat' } }],
    }),
  });
  finished = ((await submitted.json()) as { requestId: string }).requestId;
  await runtime.settled(finished);
}, 120_000);

afterAll(async () => {
  await Promise.all(submitted.map((requestId) => runtime.settled(requestId)));
  uninstallRuntime?.();
  await close?.();
  await runtime?.stop();
});

const submission = JSON.stringify({
  toolCalls: [{ tool: 'gifs__search_gifs', arguments: { query: 'dog' } }],
});
const cases: [string, () => ApiCall][] = [
  ['healthz', () => ({ method: 'GET', path: '/healthz' })],
  ['401 without a key', () => ({ method: 'GET', path: '/requests' })],
  [
    'a submission',
    () => ({
      method: 'POST',
      path: '/requests',
      headers: { authorization: `Bearer ${keys.bob}`, 'content-type': 'application/json' },
      body: submission,
    }),
  ],
  [
    'a submission with a base64-encoded body',
    () => ({
      method: 'POST',
      path: '/requests',
      headers: { authorization: `Bearer ${keys.bob}`, 'content-type': 'application/json' },
      body: submission,
      base64: true,
    }),
  ],
  [
    'get a request',
    () => ({
      method: 'GET',
      path: `/requests/${finished}`,
      headers: { authorization: `Bearer ${keys.alice}` },
    }),
  ],
  [
    'list requests',
    () => ({
      method: 'GET',
      path: '/requests',
      query: 'limit=10&mine=true',
      headers: { authorization: `Bearer ${keys.alice}` },
    }),
  ],
  [
    '400 with field paths',
    () => ({
      method: 'POST',
      path: '/requests',
      headers: { authorization: `Bearer ${keys.bob}`, 'content-type': 'application/json' },
      body: JSON.stringify({ toolCalls: [{ tool: 'not a tool!', arguments: [] }] }),
    }),
  ],
  [
    '404',
    () => ({
      method: 'GET',
      path: `/requests/${UNKNOWN_REQUEST}`,
      headers: { authorization: `Bearer ${keys.alice}` },
    }),
  ],
  [
    'the event stream of a finished request',
    () => ({
      method: 'GET',
      path: `/requests/${finished}/events`,
      headers: { authorization: `Bearer ${keys.alice}`, accept: 'text/event-stream' },
    }),
  ],
];

describe('the request API behind each adapter', () => {
  it.each(cases)('answers %s the same on all three', async (name, callOf) => {
    // Prepare: the same request id everywhere, so error bodies may match to the byte.
    const call = callOf();
    call.headers = { ...call.headers, 'x-request-id': `parity-${name.replace(/\W+/g, '-')}` };

    // Act
    const answers: Record<string, Seen> = {};
    for (const [adapter, send] of Object.entries(adapters)) {
      answers[adapter] = await seen(await send(call));
      if (answers[adapter].status === 202) {
        submitted.push((JSON.parse(answers[adapter].body) as { requestId: string }).requestId);
      }
    }

    // Assess
    const local = answers['local server'] as Seen;
    expect(local.status).toBeLessThan(500);
    expect(local.headers['x-request-id']).toBe(call.headers['x-request-id']);
    for (const [adapter, answer] of Object.entries(answers)) {
      expect({ adapter, ...normalised(answer) }).toEqual({ adapter, ...normalised(local) });
    }
  });

  it('gives the expected answers, so the three agree on something meaningful', async () => {
    // Act
    const call = (name: string) => {
      const found = cases.find(([caseName]) => caseName === name);
      if (!found) throw new Error(`no case ${name}`);
      return found[1]();
    };
    const local = adapters['local server'];
    const invalid = (await (await local(call('400 with field paths'))).json()) as {
      error: { issues: { path: string }[] };
    };
    const events = await (await local(call('the event stream of a finished request'))).text();

    // Assess
    expect((await local(call('healthz'))).status).toBe(200);
    expect((await local(call('401 without a key'))).status).toBe(401);
    expect((await local(call('get a request'))).status).toBe(200);
    expect((await local(call('404'))).status).toBe(404);
    expect(invalid.error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['toolCalls.0.tool', 'toolCalls.0.arguments']),
    );
    expect(events).toContain('event: final');
    expect(events).toContain('"status":"completed"');
  });
});
