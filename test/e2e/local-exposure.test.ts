import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_AWS, writeRuntimeFile } from '@agentcore/local';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;
let dir: string;

beforeAll(async () => {
  system = await startLocalSystem();
  dir = mkdtempSync(join(tmpdir(), 'local-exposure-'));
}, 120_000);

afterAll(async () => {
  await system?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface RawAnswer {
  status: number;
  body: string;
}

/** An HTTP request with exactly these headers, as a page in a browser or a script sends it. */
function send(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: hostname,
        port,
        path: options.path,
        method: options.method,
        headers: options.headers,
      },
      (incoming) => {
        let body = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          body += chunk;
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

async function pendingRequest(): Promise<string> {
  const submitted = await system.hitl(
    'run',
    '--tool',
    'ops__reset_2fa',
    '--args',
    JSON.stringify({ email: `exposure-${Date.now()}@example.com` }),
    '--json',
  );
  expect(submitted.code, submitted.stderr).toBe(0);
  const requestId = requestIdOf(submitted.stdout);
  await system.waitFor(requestId, 'pending');
  return requestId;
}

describe('the runtime file', () => {
  it("holds the run's credentials, readable by its owner only, even over an older readable file", async () => {
    // Prepare: a runtime file some earlier run left readable by everyone.
    const path = join(dir, 'runtime.json');
    writeFileSync(path, '{}', { mode: 0o644 });
    chmodSync(path, 0o644);

    // Act
    writeRuntimeFile(path, system.runtime, join(dir, 'api-keys.json'));
    const written = JSON.parse(readFileSync(path, 'utf8')) as {
      endpoint: string;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
    };
    const sfn = new SFNClient({
      region: written.region,
      credentials: written.credentials,
      endpoint: written.endpoint,
    });
    const requestId = await pendingRequest();
    const { executionArn } = (await system.runtime.stores.approvals.get(requestId)) ?? {};
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    sfn.destroy();
    await system.hitl('reject', requestId, '--as', 'approver');

    // Assess
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(written.credentials).toEqual(system.runtime.credentials);
    expect(written.credentials.accessKeyId).not.toBe(LOCAL_AWS.credentials.accessKeyId);
    expect(described.status).toBe('RUNNING');
  });
});

describe('the local AWS APIs, to a web page that rebound its name to 127.0.0.1', () => {
  it('do not stop a waiting execution: the request stays pending', async () => {
    // Prepare: what `fetch('http://rebound.example:PORT/', {method:'POST', body})` sends.
    const requestId = await pendingRequest();
    const before = await system.runtime.stores.approvals.get(requestId);
    const { port } = new URL(system.runtime.endpoint);
    const page = `http://rebound.example:${port}`;

    // Act
    const answer = await send(system.runtime.endpoint, {
      method: 'POST',
      path: '/',
      headers: {
        host: `rebound.example:${port}`,
        origin: page,
        'content-type': 'text/plain;charset=UTF-8',
        'x-amz-target': 'AWSStepFunctions.StopExecution',
      },
      body: JSON.stringify({ executionArn: before?.executionArn, error: 'Rebound' }),
    });

    // Assess
    expect(answer.status).toBe(403);
    const sfn = new SFNClient({
      region: system.runtime.region,
      credentials: system.runtime.credentials,
      endpoint: system.runtime.endpoint,
    });
    const described = await sfn.send(
      new DescribeExecutionCommand({ executionArn: before?.executionArn }),
    );
    sfn.destroy();
    expect(described.status).toBe('RUNNING');
    expect(await system.runtime.stores.approvals.get(requestId)).toEqual(before);
    await system.hitl('reject', requestId, '--as', 'approver');
  });
});

describe('the request API on loopback', () => {
  let key: string;
  let own: string;

  beforeAll(async () => {
    ({ key } = await system.runtime.issueApiKey({
      userId: 'U_EXPOSURE',
      displayName: 'Exposure',
      roles: ['requester'],
    }));
    own = new URL(system.runtime.apiUrl).host;
  });

  const submit = (headers: Record<string, string>) =>
    send(system.runtime.apiUrl, {
      method: 'POST',
      path: '/requests',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify({
        toolCalls: [{ tool: 'gifs__search_gifs', arguments: { query: 'exposure' } }],
      }),
    });
  const mine = async () => {
    const answer = await send(system.runtime.apiUrl, {
      method: 'GET',
      path: '/requests',
      headers: { authorization: `Bearer ${key}` },
    });
    return (JSON.parse(answer.body) as { requests: unknown[] }).requests.length;
  };

  it('refuses a foreign Host and a cross-origin Origin, and records nothing', async () => {
    // Prepare
    const before = await mine();

    // Act
    const rebound = await submit({
      host: `rebound.example:${new URL(system.runtime.apiUrl).port}`,
    });
    const crossOrigin = await submit({ origin: 'https://attacker.example' });
    const nullOrigin = await submit({ origin: 'null' });

    // Assess
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: 'foreign_host' } });
    for (const answer of [crossOrigin, nullOrigin]) {
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'cross_origin' } });
    }
    expect(await mine()).toBe(before);
  });

  it("serves a key holder's program, by either loopback name, and its own origin", async () => {
    // Prepare
    const before = await mine();

    // Act
    const program = await submit({});
    const byName = await submit({ host: own.replace('127.0.0.1', 'localhost') });
    const ownOrigin = await submit({ origin: `http://${own}` });

    // Assess
    expect([program.status, byName.status, ownOrigin.status]).toEqual([202, 202, 202]);
    expect(await mine()).toBe(before + 3);
  });
});
