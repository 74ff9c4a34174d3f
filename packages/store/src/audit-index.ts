/**
 * The keys of the audit table's `byDay` index. They are written beside every event but are not
 * part of its hashed content, so chains and `verify` do not depend on them.
 */
export const AUDIT_BY_DAY_INDEX = 'byDay';

const SEQ_DIGITS = 10;
const AT_KEY = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}\.\d{3}Z#([\s\S]{1,128})#(\d{10})$/;

/** The UTC date of an instant: the index partition its events live in. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * `at#streamId#seq`, with `at` in fixed-width UTC and `seq` zero-padded, so that sorting the
 * strings sorts events by time, then stream, then position in the stream.
 */
export function atKeyOf(at: string, streamId: string, seq: number): string {
  return `${new Date(at).toISOString()}#${streamId}#${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

export function auditIndexKeys(event: { at: string; streamId: string; seq: number }) {
  return { day: dayOf(new Date(event.at)), atKey: atKeyOf(event.at, event.streamId, event.seq) };
}

/** The parts of an `atKey`, or undefined when the text is not one. */
export function parseAtKey(
  atKey: string,
): { day: string; streamId: string; seq: number } | undefined {
  const match = AT_KEY.exec(atKey);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { day: match[1], streamId: match[2], seq: Number(match[3]) };
}

/** The date before `day` (both `YYYY-MM-DD`, UTC). */
export function previousDay(day: string): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) - 86_400_000));
}
