import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api-client.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';
import { type ServerSentEvent, serverSentEvents } from '../support/sse.js';

// The request API as programs use it: over HTTP on loopback, each caller with its own key. Who
// acts is always the key's holder; nothing in a body can say otherwise.

let system: LocalSystem;
let nobody: ApiClient;
let alice: ApiClient;
let carol: ApiClient;
let ana: ApiClient;
let ben: ApiClient;
let outsider: ApiClient;
let admin: ApiClient;
let revoked: ApiClient;

const RESET = { tool: 'ops__reset_2fa', arguments: { email: 'bob@example.com' } };
const LOOKUP = { tool: 'ops__lookup_user', arguments: { email: 'bob@example.com' } };

beforeAll(async () => {
  system = await startLocalSystem();
  const { runtime } = system;
  const client = async (userId: string, roles: ('requester' | 'approver' | 'admin')[]) =>
    apiClient(
      runtime.apiUrl,
      (await runtime.issueApiKey({ userId, displayName: userId, roles })).key,
    );
  nobody = apiClient(runtime.apiUrl);
  alice = await client('U_ALICE', ['requester']);
  carol = await client('U_CAROL', ['requester']);
  ana = await client('U_APPROVER', ['approver']);
  ben = await client('U_APPROVER_2', ['approver']);
  // An approver by role whom no policy names: the role alone decides nothing.
  outsider = await client('U_OUTSIDER', ['approver']);
  admin = await client('U_ADMIN', ['admin']);
  const gone = await runtime.issueApiKey({
    userId: 'U_GONE',
    displayName: 'Gone',
    roles: ['admin'],
  });
  await runtime.stores.apiKeys.revoke(gone.keyId, 'U_ADMIN');
  revoked = apiClient(runtime.apiUrl, gone.key);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

async function submit(client: ApiClient, body: Record<string, unknown>): Promise<string> {
  const answer = await client.post('/requests', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body.requestId as string;
}

async function pending(client: ApiClient = alice): Promise<string> {
  const requestId = await submit(client, { toolCalls: [RESET] });
  await system.waitFor(requestId, 'pending');
  return requestId;
}

describe('who may call', () => {
  it('answers /healthz without a key, with the store and workflow reachable', async () => {
    const answer = await nobody.get('/healthz');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', store: 'reachable', workflow: 'reachable' });
  });

  it.each([
    ['no key', () => nobody],
    ['a revoked key', () => revoked],
    ['a key that is not ours', () => apiClient(system.runtime.apiUrl, 'hitl_0123456789abcdef_x')],
  ])('refuses %s with 401 on every other route', async (_, caller) => {
    for (const path of ['/requests', '/keys', '/requests/01M8MNQ1JMM8B012VDF730CFTS']) {
      const answer = await caller().get(path);
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe('unauthenticated');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('refuses a known key id with the wrong secret', async () => {
    const { keyId } = await system.runtime.issueApiKey({
      userId: 'U_GUESSED',
      displayName: 'Guessed',
      roles: ['admin'],
    });
    const forged = apiClient(system.runtime.apiUrl, `hitl_${keyId}_${'A'.repeat(43)}`);

    expect((await forged.get('/keys')).status).toBe(401);
  });
});

describe('the description', () => {
  it('lists every route in /openapi.json, and /docs serves a page to try them, both without a key', async () => {
    const document = await nobody.get('/openapi.json');
    const docs = await fetch(`${system.runtime.apiUrl}/docs`);

    const paths = document.body.paths as Record<string, Record<string, { security?: unknown[] }>>;
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/requests',
        '/agent/run',
        '/requests/{id}',
        '/requests/{id}/events',
        '/requests/{id}/timeline',
        '/requests/{id}/decision',
        '/requests/{id}/cancel',
        '/keys',
        '/keys/{keyId}',
      ]),
    );
    // Only the health check is declared as needing no key.
    const open = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.security?.length === 0)
        .map(([method]) => `${method} ${path}`),
    );
    expect(open).toEqual(['get /healthz']);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await docs.text()).toContain('openapi.json');
  });
});

describe('submitting', () => {
  it('records the key holder as the requester, whatever the body claims', async () => {
    const requestId = await submit(alice, {
      toolCalls: [RESET],
      requester: { userId: 'U_APPROVER', groups: ['approvers'] },
      user_id: 'U_APPROVER',
      userId: 'U_APPROVER',
      groups: ['approvers', 'admins'],
      approver: 'U_APPROVER',
      origin: { source: 'slack', channelId: 'C1' },
    });

    const stored = await system.waitFor(requestId, 'pending');
    expect(stored.requester).toEqual({ userId: 'U_ALICE', groups: [] });
    expect(stored.action.origin).toEqual({ source: 'api' });
    // Ana was named in the body; she is still the one who may approve, and it is not her own.
    const decided = await ana.post(`/requests/${requestId}/decision`, { verdict: 'approved' });
    expect(decided.status).toBe(200);
  });

  it('refuses an invalid body with 400 and the path of each field at fault', async () => {
    const answer = await alice.post('/requests', {
      toolCalls: [{ tool: 'not a tool name', arguments: 'nope' }],
      query: '   ',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('validation_failed');
    const paths = answer.body.error?.issues?.map((issue) => issue.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['toolCalls.0.tool', 'toolCalls.0.arguments', 'query']),
    );
    expect(answer.body.error?.requestId).toEqual(expect.any(String));
  });

  it('refuses a body that is not JSON with 400, and an unknown route with 404', async () => {
    const response = await fetch(`${system.runtime.apiUrl}/requests`, {
      method: 'POST',
      headers: { authorization: (await keyHeader()) ?? '', 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect((await alice.get('/nowhere')).status).toBe(404);
  });

  it('keeps the seed system’s POST /agent/run as an alias', async () => {
    const answer = await alice.post('/agent/run', { toolCalls: [LOOKUP] });

    expect(answer.status).toBe(202);
    await system.waitFor(answer.body.requestId as string, 'completed');
  });
});

async function keyHeader(): Promise<string | undefined> {
  const { key } = await system.runtime.issueApiKey({
    userId: 'U_ALICE',
    displayName: 'Alice',
    roles: ['requester'],
  });
  return `Bearer ${key}`;
}

describe('reading', () => {
  it('lets the requester, the request’s approvers and admins read it, and nobody else', async () => {
    const requestId = await pending();

    const readers = { alice, ana, admin, carol, outsider };
    const statuses = Object.fromEntries(
      await Promise.all(
        Object.entries(readers).map(async ([name, client]) => [
          name,
          (await client.get(`/requests/${requestId}`)).status,
        ]),
      ),
    );
    const timeline = await carol.get(`/requests/${requestId}/timeline`);

    expect(statuses).toEqual({ alice: 200, ana: 200, admin: 200, carol: 403, outsider: 403 });
    expect(timeline.status).toBe(403);
    expect((await alice.get(`/requests/${requestId}/timeline`)).body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'request.created', actor: 'U_ALICE' }),
      ]),
    );
  });

  it('lists a requester’s own requests only, a page at a time', async () => {
    const mine = [
      await submit(carol, { toolCalls: [LOOKUP] }),
      await submit(carol, { toolCalls: [LOOKUP] }),
      await submit(carol, { toolCalls: [LOOKUP] }),
    ];

    // A requester asking for everything still gets only their own.
    const first = await carol.get('/requests?limit=2');
    const second = await carol.get(`/requests?limit=2&cursor=${first.body.nextCursor as string}`);

    const listed = [
      ...(first.body.requests as { requestId: string; requester: string }[]),
      ...(second.body.requests as { requestId: string; requester: string }[]),
    ];
    expect(listed.map((request) => request.requestId)).toEqual([...mine].reverse());
    expect(new Set(listed.map((request) => request.requester))).toEqual(new Set(['U_CAROL']));
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('lists for an approver only the pending requests they may decide', async () => {
    const requestId = await pending();

    const forAna = (await ana.get('/requests?status=pending&limit=100')).body.requests as {
      requestId: string;
    }[];
    const forOutsider = (await outsider.get('/requests?status=pending&limit=100')).body
      .requests as { requestId: string }[];

    expect(forAna.map((request) => request.requestId)).toContain(requestId);
    expect(forOutsider.map((request) => request.requestId)).not.toContain(requestId);
  });

  it('refuses bad query values with 400 and field paths', async () => {
    const answer = await alice.get('/requests?status=done&limit=0');

    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['status', 'limit']),
    );
  });
});

describe('deciding', () => {
  it('refuses a requester (403), an approver policy does not name (403), and self-approval (403)', async () => {
    const alices = await pending(alice);
    const anas = await pending(ana);

    const byRequester = await alice.post(`/requests/${alices}/decision`, { verdict: 'approved' });
    const byOutsider = await outsider.post(`/requests/${alices}/decision`, { verdict: 'approved' });
    const bySelf = await ana.post(`/requests/${anas}/decision`, { verdict: 'approved' });

    expect([byRequester.status, byOutsider.status, bySelf.status]).toEqual([403, 403, 403]);
    expect(bySelf.body.error?.message).toMatch(/your own request/);
    for (const requestId of [alices, anas]) {
      expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('pending');
    }
  });

  it('records the key holder as the approver, whatever the body names', async () => {
    const requestId = await pending();

    const answer = await ben.post(`/requests/${requestId}/decision`, {
      verdict: 'approved',
      approver: 'U_APPROVER',
      comment: 'ok',
    });

    expect(answer.status).toBe(200);
    const done = await system.waitFor(requestId, 'completed');
    expect(done.decision).toMatchObject({
      approver: 'U_APPROVER_2',
      verdict: 'approved',
      comment: 'ok',
    });
  });

  it('answers 409 to a second decision', async () => {
    const requestId = await pending();
    await ana.post(`/requests/${requestId}/decision`, { verdict: 'rejected' });

    const again = await ben.post(`/requests/${requestId}/decision`, { verdict: 'approved' });

    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('already_decided');
  });

  it('approves fewer tools than asked only from those asked for (400 otherwise)', async () => {
    const requestId = await pending();

    const answer = await ana.post(`/requests/${requestId}/decision`, {
      verdict: 'approved',
      allowedTools: ['ops__grant_admin'],
    });

    expect(answer.status).toBe(400);
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('pending');
  });
});

describe('cancelling', () => {
  it('lets the requester withdraw a waiting request: it ends cancelled and nothing runs', async () => {
    const requestId = await pending();
    const before = system.ops.calls.length;

    const byOther = await carol.post(`/requests/${requestId}/cancel`);
    const byRequester = await alice.post(`/requests/${requestId}/cancel`);
    await system.runtime.settled(requestId);
    const late = await ana.post(`/requests/${requestId}/decision`, { verdict: 'approved' });
    const again = await alice.post(`/requests/${requestId}/cancel`);

    expect(byOther.status).toBe(403);
    expect(byRequester.status).toBe(200);
    expect((byRequester.body.request as { status: string }).status).toBe('cancelled');
    expect(late.status).toBe(409);
    expect(again.status).toBe(200);
    expect(system.ops.calls.length).toBe(before);
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('cancelled');
  });

  it('answers 409 for a request that no longer waits', async () => {
    const requestId = await submit(alice, { toolCalls: [LOOKUP] });
    await system.waitFor(requestId, 'completed');

    expect((await alice.post(`/requests/${requestId}/cancel`)).status).toBe(409);
  });
});

describe('following a request as server-sent events', () => {
  it('streams each step in order, holds at the approval gate, and ends at the final status', async () => {
    const resets = () => system.ops.calls.filter((call) => call.tool === 'reset_2fa').length;
    const before = resets();
    const response = await alice.stream('/requests', { toolCalls: [RESET] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const events: ServerSentEvent[] = [];
    let ranWhileWaiting: number | undefined;
    for await (const event of serverSentEvents(response)) {
      events.push(event);
      if (event.event === 'approval_requested') {
        ranWhileWaiting = resets() - before;
        const decided = await ana.post(`/requests/${event.data.requestId as string}/decision`, {
          verdict: 'approved',
        });
        expect(decided.status).toBe(200);
      }
    }

    const names = events.map((event) => event.event);
    const order = [
      'received',
      'policy_decision',
      'approval_requested',
      'decided',
      'tool_call',
      'tool_result',
      'final',
    ];
    const positions = order.map((name) => names.indexOf(name));
    expect(
      positions.every((position) => position >= 0),
      names.join(','),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(names.at(-1)).toBe('final');
    expect(events.at(-1)?.data.status).toBe('completed');
    expect(events.map((event) => Number(event.id))).toEqual(events.map((_, index) => index + 1));
    // Nothing ran while the request waited for its approver; exactly the approved call ran after.
    expect(ranWhileWaiting).toBe(0);
    expect(resets() - before).toBe(1);
  });

  it('follows an existing request from GET /requests/{id}/events, for those who may read it', async () => {
    const requestId = await submit(alice, { toolCalls: [LOOKUP] });
    await system.waitFor(requestId, 'completed');

    const refused = await carol.stream(`/requests/${requestId}/events`);
    const events: ServerSentEvent[] = [];
    for await (const event of serverSentEvents(
      await alice.stream(`/requests/${requestId}/events`),
    )) {
      events.push(event);
    }

    expect(refused.status).toBe(403);
    expect(events.map((event) => event.event)).toEqual(
      expect.arrayContaining(['received', 'policy_decision', 'tool_call', 'tool_result', 'final']),
    );
    expect(events.at(-1)?.data).toMatchObject({ requestId, status: 'completed' });
  });
});

describe('keys', () => {
  it('are created and revoked by admins only, shown once, and never listed with their secret', async () => {
    const byRequester = await alice.post('/keys', { userId: 'U_NEW' });
    const created = await admin.post('/keys', {
      userId: 'U_NEW',
      displayName: 'New',
      roles: ['requester'],
    });
    const key = created.body.key as string;
    const fresh = apiClient(system.runtime.apiUrl, key);
    const used = await fresh.get('/requests');
    const listed = await admin.get('/keys');
    const revokedNow = await admin.delete(`/keys/${created.body.keyId as string}`);
    const afterRevoke = await fresh.get('/requests');

    expect(byRequester.status).toBe(403);
    expect(created.status).toBe(201);
    expect(key).toMatch(/^hitl_[0-9a-f]{16}_/);
    expect(used.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(key.split('_')[2]);
    expect(JSON.stringify(listed.body)).not.toContain('secretHash');
    expect(listed.body.keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyId: created.body.keyId, userId: 'U_NEW' }),
      ]),
    );
    expect(revokedNow.status).toBe(200);
    expect(afterRevoke.status).toBe(401);
    expect((await admin.delete('/keys/0000000000000000')).status).toBe(404);
  });
});
