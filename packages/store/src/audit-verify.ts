import { canonicalJson } from '@agentcore/core';
import * as z from 'zod';
import { ANCHOR_SEQ, type AuditAnchor, AuditAnchorSchema, anchorMacHolds } from './audit-anchor.js';
import { AuditKeyIdSchema, type AuditKeyring, auditMac } from './audit-keyring.js';
import { sha256Hex } from './sha256.js';

/** Hash that starts every chain: the "previous hash" of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What is wrong with a chain, for callers that act on it (the reason says it in words). */
export type ChainProblem =
  | 'malformed'
  | 'missing_event'
  | 'broken_link'
  | 'edited'
  | 'unkeyed'
  | 'unknown_key'
  | 'missing_tail'
  | 'missing_anchor'
  | 'bad_anchor';

/** `legacy`: how many events predate the keyed chain (verified by their unkeyed hash only). */
export type ChainVerification =
  | { ok: true; events: number; legacy?: number }
  | {
      ok: false;
      events: number;
      brokenAt: number;
      reason: string;
      problem: ChainProblem;
      legacy?: number;
    };

export const StoredEventSchema = z.object({
  streamId: z.string().min(1).max(128),
  type: z.string().min(1),
  actor: z.string().min(1),
  data: z.record(z.string(), z.json()),
  seq: z.number().int().min(1),
  at: z.iso.datetime({ offset: true }),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
  /** The key that MACed the event; absent on events written before the chain was keyed. */
  keyId: AuditKeyIdSchema.optional(),
});
type StoredEvent = z.infer<typeof StoredEventSchema>;

/** What an event's MAC (or, before keying, its hash) covers: all of it but the MAC itself. */
export function chainText(event: Omit<StoredEvent, 'hash'>): string {
  const { streamId, type, actor, data, seq, at, prevHash, keyId } = event;
  return canonicalJson({ streamId, type, actor, data, seq, at, prevHash, keyId });
}

/**
 * Recomputes a stream's chain from its stored items (events in seq order, and its anchor):
 * each event's MAC with the key it names, each link, and that the chain ends where the anchor
 * says. Names the first event that does not hold.
 */
export function verifyChain(
  stored: readonly Record<string, unknown>[],
  keyring: AuditKeyring,
): ChainVerification {
  const anchorItem = stored.find((item) => item.seq === ANCHOR_SEQ);
  const events = stored.filter((item) => item.seq !== ANCHOR_SEQ);
  const count = events.length;
  let legacy = 0;
  const fail = (brokenAt: number, problem: ChainProblem, reason: string): ChainVerification => ({
    ok: false,
    events: count,
    brokenAt,
    reason,
    problem,
    ...(legacy > 0 ? { legacy } : {}),
  });
  let prevHash = GENESIS_HASH;
  let keyed = false;
  for (const [index, raw] of events.entries()) {
    const expectedSeq = index + 1;
    const parsed = StoredEventSchema.safeParse(raw);
    const seq = typeof raw.seq === 'number' ? raw.seq : expectedSeq;
    if (!parsed.success) return fail(seq, 'malformed', 'event is malformed');
    const { hash, ...unsigned } = parsed.data;
    if (unsigned.seq !== expectedSeq) return fail(expectedSeq, 'missing_event', 'event is missing');
    if (unsigned.prevHash !== prevHash) {
      return fail(seq, 'broken_link', 'link to the previous event is broken');
    }
    if (unsigned.keyId === undefined) {
      const acceptedBefore = keyring.legacyBefore;
      if (keyed || !acceptedBefore || Date.parse(unsigned.at) >= acceptedBefore.getTime()) {
        return fail(seq, 'unkeyed', 'event is not keyed: its hash can be recomputed by anyone');
      }
      if (sha256Hex(chainText(unsigned)) !== hash) {
        return fail(seq, 'edited', 'content does not match its hash');
      }
      legacy += 1;
    } else {
      const key = keyring.keys.get(unsigned.keyId);
      if (!key)
        return fail(seq, 'unknown_key', `event is keyed with unknown key ${unsigned.keyId}`);
      if (auditMac(key, chainText(unsigned)) !== hash) {
        return fail(seq, 'edited', 'content does not match its MAC');
      }
      keyed = true;
    }
    prevHash = hash;
  }
  const lastSeq = count;
  const anchor = AuditAnchorSchema.safeParse(anchorItem);
  if (anchorItem === undefined) {
    if (keyed) {
      return fail(lastSeq, 'missing_anchor', 'the stream has no anchor: its end cannot be proved');
    }
  } else if (!anchor.success) {
    return fail(lastSeq, 'bad_anchor', 'the stream anchor is malformed');
  } else {
    const problem = anchorProblem(anchor.data, keyring, lastSeq, prevHash);
    if (problem) return fail(problem.at, problem.problem, problem.reason);
  }
  return { ok: true, events: count, ...(legacy > 0 ? { legacy } : {}) };
}

function anchorProblem(
  anchor: AuditAnchor,
  keyring: AuditKeyring,
  lastSeq: number,
  lastHash: string,
): { at: number; problem: ChainProblem; reason: string } | undefined {
  const key = keyring.keys.get(anchor.keyId);
  if (!key || !anchorMacHolds(key, anchor)) {
    return {
      at: anchor.headSeq,
      problem: 'bad_anchor',
      reason: 'the stream anchor does not match its MAC',
    };
  }
  if (anchor.headSeq > lastSeq) {
    const missing =
      anchor.headSeq === lastSeq + 1
        ? `event ${anchor.headSeq} is`
        : `events ${lastSeq + 1} to ${anchor.headSeq} are`;
    return {
      at: lastSeq + 1,
      problem: 'missing_tail',
      reason: `the chain's tail is missing: ${missing} gone (the anchor ends at ${anchor.headSeq})`,
    };
  }
  if (anchor.headSeq < lastSeq) {
    return {
      at: anchor.headSeq + 1,
      problem: 'bad_anchor',
      reason: `events after ${anchor.headSeq} were written without moving the anchor`,
    };
  }
  if (anchor.headHash !== lastHash) {
    return {
      at: lastSeq,
      problem: 'bad_anchor',
      reason: 'the anchor names a different last event',
    };
  }
  return undefined;
}
