import { LOCAL_AWS } from '@agentcore/local';
import { createDocumentClient, tableNames } from '@agentcore/store';
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from '../support/api-client.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

// The audit routes over HTTP through the real app: what the workflow recorded, listed, exported
// and verified, as an admin (and only an admin) sees it.

interface ListedEvent {
  streamId: string;
  seq: number;
  at: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

let system: LocalSystem;
let documents: DynamoDBDocumentClient;
let admin: ApiClient;
let adminKey: string;
let alice: ApiClient;
let approver: ApiClient;
let looked: string;
let pendingReset: string;
let formulaRequest: string;
/** Fixed after the requests settle: listings up to it cannot change under a test. */
let until: string;

const FORMULA_USER = '=1+2';
const LOOKUP = { tool: 'ops__lookup_user', arguments: { email: 'bob@example.com' } };
const RESET = { tool: 'ops__reset_2fa', arguments: { email: 'bob@example.com' } };

beforeAll(async () => {
  system = await startLocalSystem();
  const { runtime } = system;
  documents = createDocumentClient({ ...LOCAL_AWS, endpoint: runtime.dynamoEndpoint });
  const client = async (userId: string, roles: ('requester' | 'approver' | 'admin')[]) => {
    const { key } = await runtime.issueApiKey({ userId, displayName: userId, roles });
    return { key, client: apiClient(runtime.apiUrl, key) };
  };
  ({ key: adminKey, client: admin } = await client('U_ADMIN', ['admin']));
  alice = (await client('U_ALICE', ['requester'])).client;
  approver = (await client('U_APPROVER', ['approver'])).client;
  const spreadsheetUser = (await client(FORMULA_USER, ['requester'])).client;
  const submit = async (caller: ApiClient, call: unknown) => {
    const answer = await caller.post('/requests', { toolCalls: [call] });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    return answer.body.requestId as string;
  };
  looked = await submit(alice, LOOKUP);
  pendingReset = await submit(alice, RESET);
  formulaRequest = await submit(spreadsheetUser, LOOKUP);
  await system.waitFor(looked, 'completed');
  await system.waitFor(pendingReset, 'pending');
  await system.waitFor(formulaRequest, 'completed');
  until = new Date().toISOString();
}, 120_000);

afterAll(async () => {
  documents?.destroy();
  await system?.stop();
});

async function listed(query: string): Promise<{ events: ListedEvent[]; nextCursor?: string }> {
  const answer = await admin.get(`/audit/events?${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as unknown as { events: ListedEvent[]; nextCursor?: string };
}

const view = ({ streamId, seq, at, type, actor, data }: ListedEvent) => ({
  streamId,
  seq,
  at,
  type,
  actor,
  data,
});

async function streamNewestFirst(streamId: string) {
  return (await system.runtime.stores.audit.list(streamId)).reverse().map(view);
}

describe('GET /audit/events', () => {
  it('lists the events of every stream newest first, each stream in reverse order', async () => {
    // Act
    const { events, nextCursor } = await listed(`until=${until}&limit=200`);

    // Assess
    expect(nextCursor).toBeUndefined();
    const times = events.map((event) => event.at);
    expect(times).toEqual([...times].sort().reverse());
    for (const requestId of [looked, pendingReset, formulaRequest]) {
      expect(events.filter((event) => event.streamId === requestId)).toEqual(
        await streamNewestFirst(requestId),
      );
    }
    expect(new Set(events.map((event) => event.streamId))).toContain('api-keys');
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(
      ['actor', 'at', 'data', 'seq', 'streamId', 'type'].sort(),
    );
  });

  it('filters by stream, exact type, type prefix and actor', async () => {
    // Act
    const stream = await listed(`stream=${pendingReset}`);
    const created = await listed(`type=request.created&until=${until}`);
    const requestTypes = await listed(`type=request.&until=${until}&limit=200`);
    const byAlice = await listed(`actor=U_ALICE&until=${until}`);

    // Assess
    expect(stream.events).toEqual(await streamNewestFirst(pendingReset));
    expect(created.events.map((event) => event.streamId)).toEqual([
      formulaRequest,
      pendingReset,
      looked,
    ]);
    expect(created.events.every((event) => event.type === 'request.created')).toBe(true);
    expect(requestTypes.events.length).toBeGreaterThan(created.events.length);
    expect(requestTypes.events.every((event) => event.type.startsWith('request.'))).toBe(true);
    expect(byAlice.events.map((event) => `${event.streamId} ${event.type}`)).toEqual([
      `${pendingReset} request.created`,
      `${looked} request.created`,
    ]);
  });

  it('keeps to since and until, both included', async () => {
    // Prepare
    const { events } = await listed(`stream=${looked}`);
    const [, middle] = [...events].reverse();
    if (!middle) throw new Error('the request should have several events');

    // Act
    const after = await listed(`stream=${looked}&since=${middle.at}`);
    const before = await listed(`until=${middle.at}&type=request.&limit=200`);

    // Assess
    expect(after.events.every((event) => event.at >= middle.at)).toBe(true);
    expect(after.events.at(-1)?.seq).toBe(middle.seq);
    expect(before.events.every((event) => event.at <= middle.at)).toBe(true);
    expect(
      before.events.some((event) => event.seq === middle.seq && event.streamId === looked),
    ).toBe(true);
  });

  it('pages through everything by cursor, each event once, in the same order', async () => {
    // Prepare
    const whole = await listed(`until=${until}&limit=200`);

    // Act
    const paged: ListedEvent[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listed(
        `until=${until}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      paged.push(...page.events);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);

    // Assess
    expect(cursor).toBeUndefined();
    expect(pages).toBeGreaterThan(2);
    expect(paged).toEqual(whole.events);
  });
});

/** RFC 4180: quoted cells may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  expect(cell === '' && row.length === 0, 'the CSV ends with CRLF').toBe(true);
  return rows;
}

async function csvPage(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${system.runtime.apiUrl}/audit/events?${query}`, {
    headers: { authorization: `Bearer ${adminKey}`, ...headers },
  });
  expect(response.status).toBe(200);
  return { response, rows: parseCsv(await response.text()) };
}

describe('CSV export', () => {
  it('answers the same page as CSV, with the next page in x-next-cursor', async () => {
    // Prepare
    const json = await listed(`until=${until}&limit=4`);

    // Act
    const { response, rows } = await csvPage(`until=${until}&limit=4&format=csv`);
    const byAccept = await csvPage(`until=${until}&limit=4`, { accept: 'text/csv' });

    // Assess
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(response.headers.get('x-next-cursor')).toBe(json.nextCursor);
    expect(rows[0]).toEqual(['streamId', 'seq', 'at', 'type', 'actor', 'data']);
    expect(
      rows.slice(1).map(([streamId, seq, at, type, actor, data]) => ({
        streamId,
        seq: Number(seq),
        at,
        type,
        actor,
        data: JSON.parse(data ?? ''),
      })),
    ).toEqual(
      json.events.map((event) => ({
        ...event,
        actor: /^[=+\-@\t\r]/.test(event.actor) ? `'${event.actor}` : event.actor,
      })),
    );
    expect(byAccept.rows).toEqual(rows);
  });

  it('exports everything page by page by following x-next-cursor', async () => {
    // Prepare
    const whole = await listed(`until=${until}&limit=200`);

    // Act
    const rows: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof csvPage>> = await csvPage(
        `until=${until}&limit=5&format=csv${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      rows.push(...page.rows.slice(1));
      cursor = page.response.headers.get('x-next-cursor');
    } while (cursor);

    // Assess
    expect(rows.map(([streamId, seq]) => `${streamId}#${seq}`)).toEqual(
      whole.events.map((event) => `${event.streamId}#${event.seq}`),
    );
  });

  it('neutralises a cell a spreadsheet would run as a formula', async () => {
    // Act
    const { rows } = await csvPage(`stream=${formulaRequest}&format=csv`);
    const keys = await csvPage(`stream=api-keys&until=${until}&limit=200&format=csv`);

    // Assess
    const created = rows.find((row) => row[3] === 'request.created');
    expect(created?.[4]).toBe(`'${FORMULA_USER}`);
    for (const row of [...rows, ...keys.rows]) {
      expect(row.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    }
    const issued = keys.rows.find((row) => row[5]?.includes(FORMULA_USER));
    expect(JSON.parse(issued?.[5] ?? '{}')).toMatchObject({ userId: FORMULA_USER });
    expect(issued?.[5]?.startsWith('{')).toBe(true);
  });
});

describe('who may read the audit log', () => {
  it.each([
    ['a requester', () => alice],
    ['an approver', () => approver],
  ])('refuses %s with 403', async (_, caller) => {
    for (const path of ['/audit/events', '/audit/events?format=csv', '/audit/verify']) {
      const answer = await caller().get(path);
      expect(answer.status).toBe(403);
      expect(answer.body.error?.code).toBe('forbidden');
    }
  });

  it('refuses a caller without a key with 401', async () => {
    expect((await apiClient(system.runtime.apiUrl).get('/audit/events')).status).toBe(401);
  });
});

describe('bad queries', () => {
  it.each([
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=many', 'limit'],
    ['since=yesterday', 'since'],
    ['until=2026-13-45', 'until'],
    ['since=2026-02-01&until=2026-01-01', 'since'],
    ['type=Request.Created', 'type'],
    ['actor=', 'actor'],
    ['format=xml', 'format'],
    [`stream=${'x'.repeat(129)}`, 'stream'],
    ['cursor=', 'cursor'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const answer = await admin.get(`/audit/events?${query}`);

    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.map((issue) => issue.path)).toContain(field);
  });

  it('answers 400 for a query parameter it does not know', async () => {
    const answer = await admin.get('/audit/events?actr=U_ALICE');

    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('validation_failed');
  });

  it('refuses a forged cursor, and one issued for other filters', async () => {
    // Prepare
    const issued = (await listed(`until=${until}&limit=1`)).nextCursor ?? '';
    const decoded = JSON.parse(Buffer.from(issued, 'base64url').toString('utf8'));
    const forged = [
      Buffer.from(JSON.stringify({ streamId: looked, seq: 1 })).toString('base64url'),
      Buffer.from(JSON.stringify({ ...decoded, d: '2999-01-01' })).toString('base64url'),
      'bm90IGEgY3Vyc29y',
    ];

    // Act
    const answers = await Promise.all([
      ...forged.map((cursor) => admin.get(`/audit/events?until=${until}&cursor=${cursor}`)),
      admin.get(`/audit/events?until=${until}&actor=U_ALICE&cursor=${issued}`),
    ]);

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.error?.issues?.map((issue) => issue.path)).toEqual(['cursor']);
    }
  });

  it.each([
    ['since=not-a-date', 'since'],
    [`since=${new Date(Date.now() - 200 * 86_400_000).toISOString()}`, 'since'],
    [`since=${new Date(Date.now() + 86_400_000).toISOString()}`, 'since'],
    ['stream=', 'stream'],
  ])('answers 400 from /audit/verify for %s', async (query, field) => {
    const answer = await admin.get(`/audit/verify?${query}`);

    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.map((issue) => issue.path)).toContain(field);
  });
});

describe('GET /audit/verify', () => {
  it('finds every chain intact on an untouched log', async () => {
    // Act
    const all = await admin.get('/audit/verify');
    const one = await admin.get(`/audit/verify?stream=${looked}`);

    // Assess
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ ok: true, broken: [] });
    expect(all.body.streams).toBeGreaterThanOrEqual(4);
    expect(all.body.events).toBeGreaterThan(6);
    expect(one.body).toEqual({
      ok: true,
      streams: 1,
      events: (await system.runtime.stores.audit.list(looked)).length,
      broken: [],
    });
  });

  it('names the stream and the event edited directly in DynamoDB', async () => {
    // Prepare: someone with table access rewrites who submitted the request.
    await documents.send(
      new UpdateCommand({
        TableName: tableNames('agentcore-local').audit,
        Key: { streamId: pendingReset, seq: 1 },
        UpdateExpression: 'SET actor = :someone',
        ExpressionAttributeValues: { ':someone': 'U_SOMEONE_ELSE' },
      }),
    );

    // Act
    const all = await admin.get('/audit/verify');
    const one = await admin.get(`/audit/verify?stream=${pendingReset}`);
    const other = await admin.get(`/audit/verify?stream=${looked}`);

    // Assess
    const broken = {
      streamId: pendingReset,
      seq: 1,
      problem: 'edited',
      reason: 'content does not match its MAC',
    };
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ ok: false, broken: [broken] });
    expect(one.body).toMatchObject({ ok: false, streams: 1, broken: [broken] });
    expect(other.body).toMatchObject({ ok: true, broken: [] });
  });

  it('reports a missing tail when the newest event of a stream is deleted directly in DynamoDB', async () => {
    // Prepare: someone with table access removes the newest event of a completed request.
    const newest = (await system.runtime.stores.audit.list(formulaRequest)).length;
    await documents.send(
      new DeleteCommand({
        TableName: tableNames('agentcore-local').audit,
        Key: { streamId: formulaRequest, seq: newest },
      }),
    );

    // Act
    const one = await admin.get(`/audit/verify?stream=${formulaRequest}`);

    // Assess
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      ok: false,
      streams: 1,
      events: newest - 1,
      broken: [
        {
          streamId: formulaRequest,
          seq: newest,
          problem: 'missing_tail',
          reason: expect.stringContaining(`event ${newest} is gone`),
        },
      ],
    });
  });
});
