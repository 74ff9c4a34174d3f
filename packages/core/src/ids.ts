import * as z from 'zod';

// Crockford base32, as ULIDs use: sortable as text, no ambiguous letters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

/** A request id: a ULID, unique per request and sortable by creation time (never a hash of the text). */
export const RequestIdSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a 26-character ULID');
export type RequestId = z.infer<typeof RequestIdSchema>;

/**
 * Makes a new request id for the given instant. Randomness comes from the platform's CSPRNG,
 * so two requests with the same text at the same millisecond still differ.
 */
export function newRequestId(nowMs: number): RequestId {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48) {
    throw new RangeError(`time ${nowMs} cannot be encoded in a request id`);
  }
  let time = '';
  let remaining = nowMs;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = ALPHABET.charAt(remaining % 32) + time;
    remaining = Math.floor(remaining / 32);
  }
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(RANDOM_CHARS));
  let random = '';
  for (const byte of bytes) random += ALPHABET.charAt(byte % 32);
  return time + random;
}

/** The creation instant encoded in a request id. */
export function requestIdTime(id: RequestId): number {
  let time = 0;
  for (const char of id.slice(0, TIME_CHARS)) time = time * 32 + ALPHABET.indexOf(char);
  return time;
}
