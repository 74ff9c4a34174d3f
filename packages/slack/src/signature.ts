import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses to honour a request whose timestamp is further than this from now, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch';

export interface VerifySlackRequestInput {
  signingSecret: string;
  /** The body exactly as received (decoded from base64 when API Gateway encoded it). */
  rawBody: string;
  /** `X-Slack-Request-Timestamp`, unix seconds. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`, `v0=<hex>`. */
  signature: string | undefined;
  now: Date;
}

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** The `X-Slack-Signature` value Slack sends with `rawBody` at `timestamp` (unix seconds). */
export function signSlackRequest(input: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | number;
}): string {
  const hmac = createHmac('sha256', input.signingSecret);
  hmac.update(`v0:${input.timestamp}:${input.rawBody}`, 'utf8');
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Slack's v0 request signature, checked over the raw body with a constant-time compare and a
 * window of 300 s in both directions (a future timestamp is as suspect as an old one).
 */
export function verifySlackRequest(
  input: VerifySlackRequestInput,
): { ok: true } | { ok: false; reason: SignatureFailure } {
  const { timestamp, signature } = input;
  if (!input.signingSecret) throw new Error('verifySlackRequest needs a signing secret');
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!TIMESTAMP.test(timestamp) || !SIGNATURE.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  const skew = Number(timestamp) - Math.floor(input.now.getTime() / 1000);
  if (skew < -SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'stale' };
  if (skew > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'future' };
  const expected = Buffer.from(
    signSlackRequest({ signingSecret: input.signingSecret, rawBody: input.rawBody, timestamp }),
    'utf8',
  );
  const received = Buffer.from(signature, 'utf8');
  // Both are `v0=` plus 64 hex digits here, so the lengths match and the compare is constant-time.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true };
}

/** The body Slack signed: API Gateway and Lambda URLs may hand it over base64-encoded. */
export function rawBodyOf(body: string, isBase64Encoded: boolean): string {
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
