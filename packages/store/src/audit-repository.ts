import { canonicalJson, parseOrThrow } from '@agentcore/core';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { auditIndexKeys } from './audit-index.js';
import {
  type AuditEventFilter,
  type AuditEventSummary,
  listAuditEvents,
  streamsWithEvents,
} from './audit-listing.js';
import type { Clock } from './clock.js';
import type { Page } from './cursor.js';
import { failedConditions, isConditionalCheckFailed } from './dynamo-errors.js';
import { sha256Hex } from './sha256.js';

/** Hash that starts every chain: the "previous hash" of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

const MAX_APPEND_ATTEMPTS = 8;
const KNOWN_HEADS = 10_000;

/** One conditional write of a transaction, in lib-dynamodb's shape (Put or Update). */
export type GuardedWrite = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export const AuditEventInputSchema = z.object({
  /** The chain the event belongs to: a request id, or a name such as `config`. */
  streamId: z.string().min(1).max(128),
  type: z.string().regex(/^[a-z][a-z0-9_.]{1,63}$/, 'must be a dotted lower-case name'),
  actor: z.string().min(1).max(256),
  data: z
    .record(z.string(), z.json())
    .default({})
    .refine(
      (data) => JSON.stringify(data).length <= 32_000,
      'must serialise to at most 32000 characters',
    ),
});
export type AuditEventInput = z.input<typeof AuditEventInputSchema>;

export const AuditEventSchema = AuditEventInputSchema.extend({
  seq: z.number().int().min(1),
  at: z.iso.datetime({ offset: true }),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** Where a stream's chain ends: what the next event links to. */
export const AuditHeadSchema = z.object({
  seq: z.number().int().min(1),
  hash: z.string().length(64),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;

export type ChainVerification =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: number; reason: string };

function hashOf(event: Omit<AuditEvent, 'hash'>): string {
  return sha256Hex(canonicalJson(event));
}

/**
 * Append-only, tamper-evident audit log: one hash chain per stream. Each event stores the hash
 * of the one before it, so editing, removing or reordering any stored event breaks `verify`.
 */
export class DynamoAuditRepository {
  private readonly knownHeads = new Map<string, AuditHead>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  private async nextEvent(
    input: AuditEventInput,
    useKnownHead: boolean,
    newStream = false,
    givenHead?: AuditHead,
  ): Promise<AuditEvent> {
    const parsed = parseOrThrow(AuditEventInputSchema, input, 'audit event');
    // Of what the caller read and what this instance last wrote, the later is the chain's end.
    const cached = this.knownHeads.get(parsed.streamId);
    const known = newStream
      ? undefined
      : [givenHead, cached].reduce<AuditHead | undefined>(
          (later, head) => (head && (!later || head.seq > later.seq) ? head : later),
          undefined,
        );
    const head = useKnownHead && (newStream || known) ? known : await this.head(parsed.streamId);
    const unsigned = {
      ...parsed,
      seq: (head?.seq ?? 0) + 1,
      at: this.clock().toISOString(),
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    return { ...unsigned, hash: hashOf(unsigned) };
  }

  /** Appends one event, re-chaining and retrying when another writer took the same slot. */
  async append(input: AuditEventInput): Promise<AuditEvent> {
    for (let attempt = 1; ; attempt++) {
      const event = await this.nextEvent(input, attempt === 1);
      try {
        await this.client.send(new PutCommand(this.eventPut(event)));
        this.rememberHead(event);
        return event;
      } catch (error) {
        this.knownHeads.delete(event.streamId);
        if (!isConditionalCheckFailed(error) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Performs `write` and appends its audit event in one transaction, so neither is stored
   * without the other. `write` may be built from the event (to store the chain's new head beside
   * the record it audits); `head` is where the caller knows the chain ends, saving a read.
   * Returns the event written, or 'condition_failed' when the write's own condition did not hold.
   */
  async writeWithEvent(
    write: GuardedWrite | ((event: AuditEvent) => GuardedWrite),
    input: AuditEventInput,
    options: { newStream?: boolean; head?: AuditHead } = {},
  ): Promise<AuditEvent | 'condition_failed'> {
    for (let attempt = 1; ; attempt++) {
      // A stream that should be new starts at the beginning; if it was not, the write tells us.
      const event = await this.nextEvent(
        input,
        attempt === 1,
        options.newStream,
        attempt === 1 ? options.head : undefined,
      );
      try {
        const guarded = typeof write === 'function' ? write(event) : write;
        await this.client.send(
          new TransactWriteCommand({ TransactItems: [guarded, { Put: this.eventPut(event) }] }),
        );
        this.rememberHead(event);
        return event;
      } catch (error) {
        const failed = failedConditions(error);
        if (failed?.[0]) return 'condition_failed';
        // Another writer appended to this stream first: chain onto its event and try again.
        this.knownHeads.delete(event.streamId);
        if (!failed?.[1] || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The last event this instance wrote to a stream saves reading the head back before the next
   * write. If another writer got there first, the write's condition fails and the head is read.
   */
  private rememberHead(event: AuditEvent) {
    this.knownHeads.delete(event.streamId);
    this.knownHeads.set(event.streamId, { seq: event.seq, hash: event.hash });
    if (this.knownHeads.size > KNOWN_HEADS) {
      const oldest = this.knownHeads.keys().next().value;
      if (oldest !== undefined) this.knownHeads.delete(oldest);
    }
  }

  async list(streamId: string): Promise<AuditEvent[]> {
    return (await this.readRaw(streamId)).map((item) => AuditEventSchema.parse(item));
  }

  /** Recomputes the chain; names the first event whose content or link does not hold. */
  async verify(streamId: string): Promise<ChainVerification> {
    const stored = await this.readRaw(streamId);
    let prevHash = GENESIS_HASH;
    for (const [index, raw] of stored.entries()) {
      const expectedSeq = index + 1;
      const parsed = AuditEventSchema.safeParse(raw);
      const seq = typeof raw.seq === 'number' ? raw.seq : expectedSeq;
      if (!parsed.success) {
        return { ok: false, events: stored.length, brokenAt: seq, reason: 'event is malformed' };
      }
      const { hash, ...unsigned } = parsed.data;
      if (unsigned.seq !== expectedSeq) {
        return {
          ok: false,
          events: stored.length,
          brokenAt: expectedSeq,
          reason: 'event is missing',
        };
      }
      if (unsigned.prevHash !== prevHash) {
        return {
          ok: false,
          events: stored.length,
          brokenAt: seq,
          reason: 'link to the previous event is broken',
        };
      }
      if (hashOf(unsigned) !== hash) {
        return {
          ok: false,
          events: stored.length,
          brokenAt: seq,
          reason: 'content does not match its hash',
        };
      }
      prevHash = hash;
    }
    return { ok: true, events: stored.length };
  }

  /**
   * Events of every stream (or one), newest first, filtered, a page at a time. Events stored
   * before the `byDay` index existed carry no `day`: they are listed only by their stream.
   */
  async listEvents(filter: AuditEventFilter): Promise<Page<AuditEventSummary>> {
    return listAuditEvents(this.client, this.tableName, this.clock(), filter);
  }

  /** The streams with events in a window, newest first, at most `max` of them. */
  async streamsWithEvents(
    window: { since: Date; until?: Date },
    max: number,
  ): Promise<{ streams: string[]; complete: boolean }> {
    const until = window.until ?? this.clock();
    return streamsWithEvents(this.client, this.tableName, { since: window.since, until }, max);
  }

  private eventPut(event: AuditEvent) {
    return {
      TableName: this.tableName,
      // The index keys sit beside the event, outside what its hash covers.
      Item: { ...event, ...auditIndexKeys(event) },
      ConditionExpression: 'attribute_not_exists(streamId)',
    };
  }

  private async head(streamId: string): Promise<AuditEvent | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'streamId = :s',
        ExpressionAttributeValues: { ':s': streamId },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0];
    return item ? AuditEventSchema.parse(item) : undefined;
  }

  private async readRaw(streamId: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'streamId = :s',
          ExpressionAttributeValues: { ':s': streamId },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
