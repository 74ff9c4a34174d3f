import { canonicalJson } from '@agentcore/core';
import * as z from 'zod';
import { type AuditKey, AuditKeyIdSchema, auditMac } from './audit-keyring.js';

/**
 * The sort key of a stream's anchor: the record of where its chain ends, kept in the stream's own
 * partition after every event (seq sorts numerically), so one read returns it with the newest
 * event. It has no `day`, so the `byDay` index never lists it.
 */
export const ANCHOR_SEQ = Number.MAX_SAFE_INTEGER;

/** Key conditions that read a stream's events but not its anchor. */
export const EVENTS_ONLY = { condition: 'seq < :anchorSeq', values: { ':anchorSeq': ANCHOR_SEQ } };

export const AuditAnchorSchema = z.object({
  streamId: z.string().min(1),
  seq: z.literal(ANCHOR_SEQ),
  headSeq: z.number().int().min(1),
  headHash: z.string().length(64),
  keyId: AuditKeyIdSchema,
  mac: z.string().length(64),
});
export type AuditAnchor = z.infer<typeof AuditAnchorSchema>;

// Its own shape, so no event's MAC can pass for an anchor's.
function anchorText(anchor: Omit<AuditAnchor, 'mac' | 'seq'>): string {
  return canonicalJson({ anchorOf: anchor.streamId, ...anchor });
}

export function anchorFor(
  key: AuditKey,
  head: { streamId: string; seq: number; hash: string },
): AuditAnchor {
  const unsigned = {
    streamId: head.streamId,
    headSeq: head.seq,
    headHash: head.hash,
    keyId: key.id,
  };
  return { ...unsigned, seq: ANCHOR_SEQ, mac: auditMac(key, anchorText(unsigned)) };
}

export function anchorMacHolds(key: AuditKey, anchor: AuditAnchor): boolean {
  const { mac, seq: _seq, ...unsigned } = anchor;
  return auditMac(key, anchorText(unsigned)) === mac;
}
