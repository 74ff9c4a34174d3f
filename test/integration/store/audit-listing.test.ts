import { ValidationError } from '@agentcore/core';
import type { AuditEventFilter, AuditEventSummary } from '@agentcore/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';

let db: TestDatabase;
let now = new Date('2026-03-01T10:00:00.000Z');
const clock = () => now;

/** What was written, in order: [streamId, type, actor, at]. */
const written: { streamId: string; type: string; actor: string; at: string }[] = [];

async function record(streamId: string, type: string, actor: string, at: string) {
  now = new Date(at);
  await db.stores.audit.append({ streamId, type, actor, data: { note: `${streamId} ${type}` } });
  written.push({ streamId, type, actor, at: now.toISOString() });
}

const keyOf = (event: { streamId: string; at: string }) => `${event.streamId}@${event.at}`;
const newestFirst = (events: { streamId: string; at: string }[]) =>
  [...events].sort((a, b) => (a.at < b.at ? 1 : -1)).map(keyOf);

async function everyPage(filter: AuditEventFilter): Promise<AuditEventSummary[][]> {
  const pages: AuditEventSummary[][] = [];
  let cursor: string | undefined;
  do {
    const page = await db.stores.audit.listEvents({ ...filter, ...(cursor ? { cursor } : {}) });
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 50) throw new Error('pagination does not end');
  } while (cursor);
  return pages;
}

const WINDOW = { since: new Date('2026-03-01T00:00:00Z'), until: new Date('2026-03-04T00:00:00Z') };

beforeAll(async () => {
  db = await createTestDatabase(clock);
  // Three streams over three days, interleaved in time.
  await record('req-a', 'request.created', 'U_ALICE', '2026-03-01T10:00:00.000Z');
  await record('config', 'config.saved', 'U_ADMIN', '2026-03-01T11:00:00.000Z');
  await record('req-b', 'request.created', 'U_BOB', '2026-03-01T23:59:59.999Z');
  await record('req-a', 'request.status_changed', 'approval', '2026-03-02T00:00:00.000Z');
  await record('req-b', 'request.status_changed', 'approval', '2026-03-02T09:30:00.000Z');
  await record('config', 'config.saved', 'U_ADMIN', '2026-03-03T08:00:00.000Z');
  await record('req-a', 'request.status_changed', 'U_APPROVER', '2026-03-03T12:00:00.000Z');
  now = new Date('2026-03-03T18:00:00.000Z');
});

describe('listing the audit log across streams', () => {
  it('lists every stream newest first, across days', async () => {
    // Act
    const page = await db.stores.audit.listEvents({ ...WINDOW });

    // Assess
    expect(page.items.map(keyOf)).toEqual(newestFirst(written));
    expect(page.nextCursor).toBeUndefined();
    expect(page.items[0]).toEqual({
      streamId: 'req-a',
      seq: 3,
      at: '2026-03-03T12:00:00.000Z',
      type: 'request.status_changed',
      actor: 'U_APPROVER',
      data: { note: 'req-a request.status_changed' },
    });
  });

  it('looks back 30 days from now when no window is given', async () => {
    // Act
    const page = await db.stores.audit.listEvents({});

    // Assess
    expect(page.items.map(keyOf)).toEqual(newestFirst(written));
  });

  it.each([
    ['stream', { stream: 'req-a' }, (e: (typeof written)[number]) => e.streamId === 'req-a'],
    [
      'exact type',
      { type: 'config.saved' },
      (e: (typeof written)[number]) => e.type === 'config.saved',
    ],
    [
      'type prefix',
      { type: 'request.' },
      (e: (typeof written)[number]) => e.type.startsWith('request.'),
    ],
    ['actor', { actor: 'approval' }, (e: (typeof written)[number]) => e.actor === 'approval'],
  ] as const)('filters by %s', async (_name, filter, expected) => {
    // Act
    const page = await db.stores.audit.listEvents({ ...WINDOW, ...filter });

    // Assess
    expect(page.items.map(keyOf)).toEqual(newestFirst(written.filter(expected)));
    expect(page.items.length).toBeGreaterThan(0);
  });

  it('keeps to the window, both ends included', async () => {
    // Act
    const page = await db.stores.audit.listEvents({
      since: new Date('2026-03-01T23:59:59.999Z'),
      until: new Date('2026-03-02T09:30:00.000Z'),
    });
    const oneStream = await db.stores.audit.listEvents({
      stream: 'req-a',
      since: new Date('2026-03-02T00:00:00.000Z'),
      until: new Date('2026-03-02T23:00:00.000Z'),
    });

    // Assess
    expect(page.items.map((event) => event.at)).toEqual([
      '2026-03-02T09:30:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-01T23:59:59.999Z',
    ]);
    expect(oneStream.items.map((event) => event.seq)).toEqual([2]);
  });

  it('pages through everything until there is no cursor, each event once', async () => {
    // Act
    const pages = await everyPage({ ...WINDOW, limit: 2 });
    const streamPages = await everyPage({ ...WINDOW, stream: 'req-a', limit: 1 });
    const filteredPages = await everyPage({ ...WINDOW, type: 'request.', limit: 2 });

    // Assess
    expect(pages.flat().map(keyOf)).toEqual(newestFirst(written));
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(streamPages.flat().map((event) => event.seq)).toEqual([3, 2, 1]);
    expect(filteredPages.flat().map(keyOf)).toEqual(
      newestFirst(written.filter((event) => event.type.startsWith('request.'))),
    );
  });

  it('hands back a cursor rather than walking a long empty window in one page', async () => {
    // Act: six months back, nearly all of it without events.
    const pages = await everyPage({ since: new Date('2025-09-01T00:00:00Z'), until: WINDOW.until });

    // Assess
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat().map(keyOf)).toEqual(newestFirst(written));
  });

  it('refuses a cursor it did not issue, or one issued for other filters', async () => {
    // Prepare
    const first = await db.stores.audit.listEvents({ ...WINDOW, limit: 1 });
    const issued = first.nextCursor ?? '';
    const decoded = JSON.parse(Buffer.from(issued, 'base64url').toString('utf8'));
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = [
      'not-a-cursor',
      forge({ streamId: 'req-a', seq: 2 }),
      forge({ ...decoded, d: '2026-03-09' }),
      forge({ ...decoded, k: `${decoded.k}x` }),
      forge({ ...decoded, extra: true }),
      '%%%',
    ];

    // Act + Assess
    for (const cursor of forged) {
      await expect(db.stores.audit.listEvents({ ...WINDOW, cursor })).rejects.toThrow(
        ValidationError,
      );
    }
    await expect(
      db.stores.audit.listEvents({ ...WINDOW, actor: 'U_ADMIN', cursor: issued }),
    ).rejects.toThrow(ValidationError);
    await expect(
      db.stores.audit.listEvents({ ...WINDOW, stream: 'req-a', cursor: issued }),
    ).rejects.toThrow(ValidationError);
    expect((await db.stores.audit.listEvents({ ...WINDOW, cursor: issued })).items).toHaveLength(
      written.length - 1,
    );
  });

  it('refuses a cursor whose key lies after the window, rather than failing in DynamoDB', async () => {
    // Prepare
    const window = { since: WINDOW.since, until: new Date('2026-03-03T12:00:00.000Z') };
    const issued = (await db.stores.audit.listEvents({ ...window, limit: 1 })).nextCursor ?? '';
    const decoded = JSON.parse(Buffer.from(issued, 'base64url').toString('utf8'));
    const later = { ...decoded, k: '2026-03-03T13:00:00.000Z#req-a#0000000003' };
    const cursor = Buffer.from(JSON.stringify(later)).toString('base64url');

    // Act + Assess
    expect(decoded.d).toBe('2026-03-03');
    await expect(db.stores.audit.listEvents({ ...window, cursor })).rejects.toThrow(
      ValidationError,
    );
  });

  it('refuses a limit over 200 and a window that ends before it starts', async () => {
    await expect(db.stores.audit.listEvents({ limit: 201 })).rejects.toThrow(ValidationError);
    await expect(
      db.stores.audit.listEvents({ since: WINDOW.until, until: WINDOW.since }),
    ).rejects.toThrow(ValidationError);
  });

  it('names the streams with events in a window', async () => {
    // Act
    const all = await db.stores.audit.streamsWithEvents({ since: WINDOW.since }, 10);
    const lastDay = await db.stores.audit.streamsWithEvents(
      { since: new Date('2026-03-03T00:00:00Z') },
      10,
    );
    const capped = await db.stores.audit.streamsWithEvents({ since: WINDOW.since }, 2);

    // Assess
    expect(all).toEqual({ streams: ['req-a', 'config', 'req-b'], complete: true });
    expect(lastDay).toEqual({ streams: ['req-a', 'config'], complete: true });
    expect(capped).toEqual({ streams: ['req-a', 'config'], complete: false });
  });

  it('keeps the chains verifiable: the index keys are not part of the hash', async () => {
    expect(await db.stores.audit.verify('req-a')).toEqual({ ok: true, events: 3 });
    expect(await db.stores.audit.list('req-a')).toHaveLength(3);
    expect(Object.keys((await db.stores.audit.list('req-a'))[0] ?? {})).not.toContain('day');
  });
});
