import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'hitl_';

/** A new key: its id (stored, shown in listings) and the whole token (shown once, never stored). */
export function generateApiKey(): { keyId: string; token: string; secretHash: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, token: `${PREFIX}${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Splits a presented token into its id and secret; undefined when it is not one of ours. */
export function parseApiKey(token: string): { keyId: string; secret: string } | undefined {
  const match = /^hitl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { keyId: match[1] as string, secret: match[2] as string } : undefined;
}

/** Compares in constant time, so response times say nothing about how much of a key matched. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
