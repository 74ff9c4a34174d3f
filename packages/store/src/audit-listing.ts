import { canonicalJson, ValidationError } from '@agentcore/core';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { EVENTS_ONLY } from './audit-anchor.js';
import { AUDIT_BY_DAY_INDEX, dayOf, parseAtKey, previousDay } from './audit-index.js';
import type { Page } from './cursor.js';
import { sha256Hex } from './sha256.js';

export const MAX_AUDIT_PAGE = 200;
const DEFAULT_AUDIT_PAGE = 50;
const DEFAULT_WINDOW_DAYS = 30;
/** Reads one page may make; a page that runs out hands back a cursor where it stopped. */
const MAX_QUERIES_PER_PAGE = 40;
/** Items evaluated per read when filters may discard most of them. */
const FILTERED_BATCH = 250;
const DAY_MS = 86_400_000;

export interface AuditEventFilter {
  /** One stream only: its own partition is read, including events older than the index. */
  stream?: string;
  /** An exact type, or a prefix ending in `.` (`request.` matches `request.created`). */
  type?: string;
  actor?: string;
  /** Earliest `at` listed; 30 days before `until` when absent. */
  since?: Date;
  /** Latest `at` listed; now when absent. */
  until?: Date;
  limit?: number;
  cursor?: string;
}

/** An event as listed: what happened, without its chain fields. */
export interface AuditEventSummary {
  streamId: string;
  seq: number;
  at: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

// Lenient on purpose: a damaged event is still listed (verify is where damage is reported).
const SummarySchema = z.object({
  streamId: z.string(),
  seq: z.number(),
  at: z.string().catch(''),
  type: z.string().catch(''),
  actor: z.string().catch(''),
  data: z.record(z.string(), z.unknown()).catch({}),
});

const CursorSchema = z.strictObject({
  v: z.literal(1),
  /** Fingerprint of the filters the cursor was issued for. */
  f: z.string().length(16),
  /** Global listing: the day to continue in, and the last key read in it (none: its top). */
  d: z.iso.date().optional(),
  k: z.string().max(200).optional(),
  /** One stream's listing: the last seq read. */
  q: z.number().int().min(1).optional(),
});
type Cursor = z.infer<typeof CursorSchema>;

function refuseCursor(): never {
  throw new ValidationError('cursor', [
    { path: 'cursor', message: 'is not a cursor this API issued for these filters' },
  ]);
}

function fingerprint(filter: AuditEventFilter): string {
  const { stream, type, actor, since, until } = filter;
  return sha256Hex(
    canonicalJson({
      stream: stream ?? null,
      type: type ?? null,
      actor: actor ?? null,
      since: since?.toISOString() ?? null,
      until: until?.toISOString() ?? null,
    }),
  ).slice(0, 16);
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decode(text: string, filter: AuditEventFilter): Cursor {
  if (!/^[\w-]{1,600}$/.test(text)) refuseCursor();
  let parsed: Cursor;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    refuseCursor();
  }
  if (parsed.f !== fingerprint(filter)) refuseCursor();
  if (filter.stream !== undefined) {
    if (parsed.q === undefined || parsed.d !== undefined || parsed.k !== undefined) refuseCursor();
  } else {
    if (parsed.d === undefined || parsed.q !== undefined) refuseCursor();
    if (parsed.k !== undefined && parseAtKey(parsed.k)?.day !== parsed.d) refuseCursor();
  }
  return parsed;
}

function invalid(path: string, message: string): never {
  throw new ValidationError('audit filter', [{ path, message }]);
}

/** Types match exactly, or by prefix when the filter ends in a dot. */
function filterExpression(filter: AuditEventFilter, withTime?: { since: string; until: string }) {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.type !== undefined) {
    names['#type'] = 'type';
    values[':type'] = filter.type;
    clauses.push(filter.type.endsWith('.') ? 'begins_with(#type, :type)' : '#type = :type');
  }
  if (filter.actor !== undefined) {
    names['#actor'] = 'actor';
    values[':actor'] = filter.actor;
    clauses.push('#actor = :actor');
  }
  if (withTime) {
    names['#at'] = 'at';
    values[':since'] = withTime.since;
    values[':until'] = withTime.until;
    clauses.push('#at BETWEEN :since AND :until');
  }
  return { clauses, names, values };
}

/**
 * Pages through the audit log newest first: one stream from its partition, or every stream from
 * the `byDay` index, walking days back from `until` to `since`. A page reads at most
 * MAX_QUERIES_PER_PAGE times, so a sparse window can yield a short (even empty) page with a
 * cursor; the listing ends when there is no cursor.
 */
export async function listAuditEvents(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
  filter: AuditEventFilter,
): Promise<Page<AuditEventSummary>> {
  const limit = filter.limit ?? DEFAULT_AUDIT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    invalid('limit', `must be a whole number from 1 to ${MAX_AUDIT_PAGE}`);
  }
  const until = filter.until ?? now;
  const since = filter.since ?? new Date(until.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (since.getTime() > until.getTime()) invalid('since', 'must not be after until');
  const cursor = filter.cursor === undefined ? undefined : decode(filter.cursor, filter);
  const window = { since: since.toISOString(), until: until.toISOString() };
  const read = { client, tableName, limit, filter, window, fingerprint: fingerprint(filter) };
  return filter.stream !== undefined
    ? readStream({ ...read, stream: filter.stream }, cursor)
    : readDays(read, cursor);
}

interface Read {
  client: DynamoDBDocumentClient;
  tableName: string;
  limit: number;
  filter: AuditEventFilter;
  window: { since: string; until: string };
  fingerprint: string;
}

const summarise = (item: Record<string, unknown>) => SummarySchema.parse(item);

async function readStream(read: Read & { stream: string }, cursor: Cursor | undefined) {
  const { clauses, names, values } = filterExpression(read.filter, read.window);
  const items: AuditEventSummary[] = [];
  let startKey: Record<string, unknown> | undefined = cursor?.q
    ? { streamId: read.stream, seq: cursor.q }
    : undefined;
  for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
    const page = await read.client.send(
      new QueryCommand({
        TableName: read.tableName,
        // The stream's anchor sorts after its events: it is not an event to list.
        KeyConditionExpression: `streamId = :stream AND ${EVENTS_ONLY.condition}`,
        FilterExpression: clauses.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ...EVENTS_ONLY.values, ':stream': read.stream },
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
        Limit: FILTERED_BATCH,
      }),
    );
    const found = page.Items ?? [];
    for (const [index, item] of found.entries()) {
      items.push(summarise(item));
      if (items.length === read.limit) {
        const last = index === found.length - 1 && !page.LastEvaluatedKey;
        return last ? { items } : { items, nextCursor: streamCursor(read, item.seq) };
      }
    }
    if (!page.LastEvaluatedKey) return { items };
    startKey = page.LastEvaluatedKey;
  }
  return { items, nextCursor: streamCursor(read, startKey?.seq) };
}

function streamCursor(read: Read, seq: unknown): string {
  return encode({ v: 1, f: read.fingerprint, q: Number(seq) });
}

async function readDays(read: Read, cursor: Cursor | undefined) {
  const sinceDay = dayOf(new Date(read.window.since));
  const untilDay = dayOf(new Date(read.window.until));
  if (cursor?.d && cursor.d > untilDay) refuseCursor();
  const { clauses, names, values } = filterExpression(read.filter);
  const filtered = clauses.length > 0;
  // `at#…` sorts after `at` itself and before `at$`: the window's ends are both listed.
  const lower = read.window.since;
  const upper = `${read.window.until}$`;
  // DynamoDB refuses a start key outside the key condition: one after the window was not ours;
  // one before it means the window (since: 30 days ago, by default) has moved past the cursor.
  if (cursor?.k !== undefined && cursor.k > upper) refuseCursor();
  if (cursor?.k !== undefined && cursor.k < lower) return { items: [] };
  const items: AuditEventSummary[] = [];
  let day = cursor?.d ?? untilDay;
  let startKey = cursor?.k ? startKeyOf(day, cursor.k) : undefined;
  for (let queries = 0; day >= sinceDay; queries++) {
    if (queries === MAX_QUERIES_PER_PAGE) {
      return { items, nextCursor: dayCursor(read, day, startKey?.atKey) };
    }
    const page = await read.client.send(
      new QueryCommand({
        TableName: read.tableName,
        IndexName: AUDIT_BY_DAY_INDEX,
        KeyConditionExpression: '#day = :day AND atKey BETWEEN :lower AND :upper',
        ...(filtered ? { FilterExpression: clauses.join(' AND ') } : {}),
        ExpressionAttributeNames: { ...names, '#day': 'day' },
        ExpressionAttributeValues: { ...values, ':day': day, ':lower': lower, ':upper': upper },
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
        Limit: filtered ? FILTERED_BATCH : read.limit - items.length,
      }),
    );
    const found = page.Items ?? [];
    for (const [index, item] of found.entries()) {
      items.push(summarise(item));
      if (items.length === read.limit) {
        const last = index === found.length - 1 && !page.LastEvaluatedKey && day === sinceDay;
        return last ? { items } : { items, nextCursor: dayCursor(read, day, item.atKey) };
      }
    }
    if (page.LastEvaluatedKey) {
      startKey = startKeyOf(day, String(page.LastEvaluatedKey.atKey));
    } else {
      day = previousDay(day);
      startKey = undefined;
    }
  }
  return { items };
}

function startKeyOf(day: string, atKey: string) {
  const parts = parseAtKey(atKey);
  if (!parts) refuseCursor();
  return { day, atKey, streamId: parts.streamId, seq: parts.seq };
}

function dayCursor(read: Read, day: string, atKey: unknown): string {
  return encode({
    v: 1,
    f: read.fingerprint,
    d: day,
    ...(typeof atKey === 'string' ? { k: atKey } : {}),
  });
}

/**
 * The streams with events between `since` and `until`, read from the index (streams written
 * before it existed are not found). Stops once more than `max` are found: `complete` says so.
 */
export async function streamsWithEvents(
  client: DynamoDBDocumentClient,
  tableName: string,
  window: { since: Date; until: Date },
  max: number,
): Promise<{ streams: string[]; complete: boolean }> {
  const streams = new Set<string>();
  const lower = window.since.toISOString();
  const upper = `${window.until.toISOString()}$`;
  for (let day = dayOf(window.until); day >= dayOf(window.since); day = previousDay(day)) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: AUDIT_BY_DAY_INDEX,
          KeyConditionExpression: '#day = :day AND atKey BETWEEN :lower AND :upper',
          ExpressionAttributeNames: { '#day': 'day', '#stream': 'streamId' },
          ExpressionAttributeValues: { ':day': day, ':lower': lower, ':upper': upper },
          ProjectionExpression: '#stream',
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        streams.add(String(item.streamId));
        if (streams.size > max) return { streams: [...streams].slice(0, max), complete: false };
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return { streams: [...streams], complete: true };
}
