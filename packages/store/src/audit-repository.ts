import { parseOrThrow } from '@agentcore/core';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ANCHOR_SEQ, AuditAnchorSchema, anchorFor } from './audit-anchor.js';
import { auditIndexKeys } from './audit-index.js';
import {
  AuditKeyIdSchema,
  type AuditKeyring,
  type AuditKeySource,
  auditMac,
} from './audit-keyring.js';
import {
  type AuditEventFilter,
  type AuditEventSummary,
  listAuditEvents,
  streamsWithEvents,
} from './audit-listing.js';
import { type ChainVerification, chainText, GENESIS_HASH, verifyChain } from './audit-verify.js';
import type { Clock } from './clock.js';
import type { Page } from './cursor.js';

export { type ChainVerification, GENESIS_HASH } from './audit-verify.js';

const MAX_APPEND_ATTEMPTS = 12;
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
  /** Any JSON: decisions, approved-call and executed-call digests are chained with the event. */
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
  /** HMAC-SHA256 of the event (with `prevHash`) under key `keyId`; SHA-256 on legacy events. */
  hash: z.string().length(64),
  keyId: AuditKeyIdSchema.optional(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** Where a stream's chain ends: what the next event links to. */
export const AuditHeadSchema = z.object({
  seq: z.number().int().min(1),
  hash: z.string().length(64),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;

/**
 * Where a writer believes the chain ends, and what the stored anchor must say for its write to
 * hold: `anchoredAt` undefined means "no anchor yet" (a new stream, or one from before anchors).
 */
interface ChainEnd {
  seq: number;
  hash: string;
  anchoredAt: number | undefined;
}

/** A stream whose newest event is keyed but whose anchor is gone: it was tampered with. */
export class AuditAnchorMissingError extends Error {
  constructor(readonly streamId: string) {
    super(`the audit stream ${streamId} has lost its anchor; refusing to extend it`);
    this.name = 'AuditAnchorMissingError';
  }
}

/** The events of a stream as read, without its anchor record. */
function eventsOf(stored: Record<string, unknown>[]): AuditEvent[] {
  return stored
    .filter((item) => item.seq !== ANCHOR_SEQ)
    .map((item) => AuditEventSchema.parse(item));
}

/**
 * Append-only, tamper-evident audit log: one MAC chain per stream. Each event is MACed with a
 * key only our functions hold, over its content and the MAC of the event before it, so an edit
 * cannot be hidden by recomputing the chain; each stream's anchor (written in the same
 * transaction as every event, MACed too) says where the chain ends, so removing its newest
 * events shows as a missing tail.
 */
export class DynamoAuditRepository {
  private readonly knownHeads = new Map<string, AuditHead>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly keys: AuditKeySource,
  ) {}

  private async nextEvent(
    input: AuditEventInput,
    useKnownHead: boolean,
    newStream = false,
    givenHead?: AuditHead,
  ): Promise<{ event: AuditEvent; writes: GuardedWrite[] }> {
    const parsed = parseOrThrow(AuditEventInputSchema, input, 'audit event');
    const keyring = await this.keys();
    // Of what the caller read and what this instance last wrote, the later is the chain's end.
    const cached = this.knownHeads.get(parsed.streamId);
    const known = newStream
      ? undefined
      : [givenHead, cached].reduce<AuditHead | undefined>(
          (later, head) => (head && (!later || head.seq > later.seq) ? head : later),
          undefined,
        );
    const end: ChainEnd | undefined =
      useKnownHead && newStream
        ? undefined
        : useKnownHead && known
          ? { ...known, anchoredAt: known.seq }
          : await this.chainEnd(parsed.streamId);
    const unsigned = {
      ...parsed,
      seq: (end?.seq ?? 0) + 1,
      at: this.clock().toISOString(),
      prevHash: end?.hash ?? GENESIS_HASH,
      keyId: keyring.current.id,
    };
    const event = { ...unsigned, hash: auditMac(keyring.current, chainText(unsigned)) };
    return { event, writes: [{ Put: this.eventPut(event) }, this.anchorPut(keyring, event, end)] };
  }

  /** Appends one event, re-chaining and retrying when another writer took the same slot. */
  async append(input: AuditEventInput): Promise<AuditEvent> {
    const outcome = await this.writeWithEvent(undefined, input);
    if (outcome === 'condition_failed') throw new Error('an unguarded append cannot fail a guard');
    return outcome;
  }

  /**
   * Performs `write` and appends its audit event in one transaction, so neither is stored
   * without the other. `write` may be built from the event (to store the chain's new head beside
   * the record it audits); `head` is where the caller knows the chain ends, saving a read.
   * Returns the event written, or 'condition_failed' when the write's own condition did not hold.
   */
  async writeWithEvent(
    write: GuardedWrite | ((event: AuditEvent) => GuardedWrite) | undefined,
    input: AuditEventInput,
    options: { newStream?: boolean; head?: AuditHead } = {},
  ): Promise<AuditEvent | 'condition_failed'> {
    for (let attempt = 1; ; attempt++) {
      // A stream that should be new starts at the beginning; if it was not, the write tells us.
      const { event, writes } = await this.nextEvent(
        input,
        attempt === 1,
        options.newStream,
        attempt === 1 ? options.head : undefined,
      );
      try {
        const guarded = typeof write === 'function' ? write(event) : write;
        await this.client.send(
          new TransactWriteCommand({ TransactItems: guarded ? [guarded, ...writes] : writes }),
        );
        this.rememberHead(event);
        return event;
      } catch (error) {
        const reasons = cancellationCodes(error);
        if (write !== undefined && reasons?.[0] === 'ConditionalCheckFailed')
          return 'condition_failed';
        // Another writer appended to this stream first: chain onto its event and try again.
        this.knownHeads.delete(event.streamId);
        const contended = reasons?.some(
          (code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict',
        );
        if (!contended || attempt >= MAX_APPEND_ATTEMPTS) throw error;
        if (reasons?.includes('TransactionConflict')) await backOff(attempt);
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
    return eventsOf(await this.readRaw(streamId));
  }

  /**
   * Recomputes the chain with the keyring: names the first event whose content, MAC or link does
   * not hold, and reports a tail missing before the stream's anchor.
   */
  async verify(streamId: string): Promise<ChainVerification> {
    return (await this.verifiedList(streamId)).verification;
  }

  /** The stream's events and whether its chain holds, from one read of the stream. */
  async verifiedList(
    streamId: string,
  ): Promise<{ verification: ChainVerification; events: AuditEvent[] }> {
    const [stored, keyring] = await Promise.all([this.readRaw(streamId), this.keys()]);
    return { verification: verifyChain(stored, keyring), events: eventsOf(stored) };
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
      // The index keys sit beside the event, outside what its MAC covers.
      Item: { ...event, ...auditIndexKeys(event) },
      ConditionExpression: 'attribute_not_exists(streamId)',
    };
  }

  /** Moves the anchor to the new event, only if it still is where the writer believed. */
  private anchorPut(keyring: AuditKeyring, event: AuditEvent, end: ChainEnd | undefined) {
    const anchoredAt = end?.anchoredAt;
    return {
      Put: {
        TableName: this.tableName,
        Item: anchorFor(keyring.current, event),
        ConditionExpression:
          anchoredAt === undefined ? 'attribute_not_exists(streamId)' : 'headSeq = :anchoredAt',
        ...(anchoredAt === undefined
          ? {}
          : { ExpressionAttributeValues: { ':anchoredAt': anchoredAt } }),
      },
    };
  }

  /**
   * Where the stored chain ends, from its anchor and newest event (one read). If they disagree
   * (the tail was deleted), the next event goes after the anchored end, leaving the gap for
   * `verify` to report rather than closing it.
   */
  private async chainEnd(streamId: string): Promise<ChainEnd | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'streamId = :s',
        ExpressionAttributeValues: { ':s': streamId },
        ScanIndexForward: false,
        Limit: 2,
        ConsistentRead: true,
      }),
    );
    const items = result.Items ?? [];
    const anchorItem = items.find((item) => item.seq === ANCHOR_SEQ);
    const newestItem = items.find((item) => item.seq !== ANCHOR_SEQ);
    const newest = newestItem ? AuditEventSchema.parse(newestItem) : undefined;
    if (!anchorItem) {
      // Only streams from before anchors have none; a keyed event without one lost it.
      if (newest?.keyId !== undefined) throw new AuditAnchorMissingError(streamId);
      return newest && { seq: newest.seq, hash: newest.hash, anchoredAt: undefined };
    }
    const anchor = AuditAnchorSchema.parse(anchorItem);
    const anchoredAt = anchor.headSeq;
    if (newest && newest.seq > anchor.headSeq) return { ...newest, anchoredAt };
    return { seq: anchor.headSeq, hash: anchor.headHash, anchoredAt };
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

/** Why each item of a cancelled transaction failed (by position); undefined for other errors. */
function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}

/** Writers that collide on the anchor in flight both lose; spreading them out lets one win. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.floor(Math.random() * 10 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
