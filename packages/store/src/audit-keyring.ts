import { createHmac, randomBytes } from 'node:crypto';
import * as z from 'zod';

/** Keys that MAC the audit chain: the current one signs, earlier ones still verify. */
export interface AuditKeyring {
  current: AuditKey;
  /** Every key by id, the current one included. */
  keys: ReadonlyMap<string, AuditKey>;
  /**
   * Unkeyed events (written before the chain was keyed) are accepted only when their `at` is
   * earlier than this; without it, every event must be keyed.
   */
  legacyBefore?: Date;
}

export interface AuditKey {
  id: string;
  secret: Buffer;
}

/** Where the keyring comes from: Secrets Manager, a local file, or a test. Called per MAC. */
export type AuditKeySource = () => Promise<AuditKeyring>;

/** The keyring could not be read or parsed; its message never holds key material. */
export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

const MIN_KEY_BYTES = 32;
const KeyIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ -');

export { KeyIdSchema as AuditKeyIdSchema };

// Messages are written here, never derived from the input, so no key text reaches an error.
const KeyringTextSchema = z.strictObject({
  current: KeyIdSchema,
  keys: z.record(
    KeyIdSchema,
    z
      .string()
      .refine(
        (text) =>
          /^[A-Za-z0-9+/]+={0,2}$/.test(text) &&
          Buffer.from(text, 'base64').length >= MIN_KEY_BYTES,
        `must be base64 of at least ${MIN_KEY_BYTES} bytes`,
      ),
  ),
  legacyBefore: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Reads a keyring from its stored text:
 * `{"current":"k2","keys":{"k1":"<base64>","k2":"<base64>"},"legacyBefore":"<ISO instant>"}`.
 */
export function parseAuditKeyring(text: string, origin: string): AuditKeyring {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AuditKeyError(`the audit keyring in ${origin} is not JSON`);
  }
  const parsed = KeyringTextSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new AuditKeyError(`the audit keyring in ${origin} is malformed (${where.join('; ')})`);
  }
  const keys = new Map(
    Object.entries(parsed.data.keys).map(([id, secret]) => [
      id,
      { id, secret: Buffer.from(secret, 'base64') },
    ]),
  );
  const current = keys.get(parsed.data.current);
  if (!current) {
    throw new AuditKeyError(`the audit keyring in ${origin} has no key for its current id`);
  }
  return {
    current,
    keys,
    ...(parsed.data.legacyBefore ? { legacyBefore: new Date(parsed.data.legacyBefore) } : {}),
  };
}

/** The keyring as stored: what `parseAuditKeyring` reads back. */
export function auditKeyringText(keyring: AuditKeyring): string {
  return `${JSON.stringify(
    {
      current: keyring.current.id,
      keys: Object.fromEntries(
        [...keyring.keys.values()].map((key) => [key.id, key.secret.toString('base64')]),
      ),
      ...(keyring.legacyBefore ? { legacyBefore: keyring.legacyBefore.toISOString() } : {}),
    },
    null,
    2,
  )}\n`;
}

function newKey(): AuditKey {
  return { id: `k${randomBytes(6).toString('hex')}`, secret: randomBytes(MIN_KEY_BYTES) };
}

/** A fresh keyring of one random key. */
export function generateAuditKeyring(options: { legacyBefore?: Date } = {}): AuditKeyring {
  const current = newKey();
  return { current, keys: new Map([[current.id, current]]), ...options };
}

/** A new current key; the earlier ones stay, so chains they signed still verify. */
export function rotateAuditKeyring(keyring: AuditKeyring): AuditKeyring {
  const current = newKey();
  return { ...keyring, current, keys: new Map([...keyring.keys, [current.id, current]]) };
}

/** A keyring already in hand (tests, in-memory runs). */
export function fixedAuditKeys(keyring: AuditKeyring): AuditKeySource {
  return async () => keyring;
}

/**
 * Loads the keyring once (per cold start) and keeps it; a failed load is tried again on the
 * next use rather than cached.
 */
export function cachedAuditKeys(load: () => Promise<AuditKeyring>): AuditKeySource {
  let pending: Promise<AuditKeyring> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export function auditMac(key: AuditKey, text: string): string {
  return createHmac('sha256', key.secret).update(text, 'utf8').digest('hex');
}
