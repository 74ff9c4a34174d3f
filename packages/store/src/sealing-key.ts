import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

const KEY_BYTES = 32;
const IV_BYTES = 12;

/** One sealed value: AES-256-GCM ciphertext with its nonce and tag, all base64. */
export interface Sealed {
  iv: string;
  ciphertext: string;
  tag: string;
}

function isSealingKey(text: string): boolean {
  const key = Buffer.from(text.trim(), 'base64');
  return key.length === KEY_BYTES && key.toString('base64') === text.trim();
}

/** The setting of the functions that seal (execute) or deliver (api) sensitive tool outputs. */
export const SealingKeySettings = {
  /** 32 random bytes, base64. Without it, sensitive outputs are withheld from everyone. */
  SEALED_OUTPUT_SECRET: z
    .string()
    .refine(isSealingKey, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
};

/** A sealing key that is not 32 bytes of base64 (SEALED_OUTPUT_SECRET). */
export class InvalidSealingKeyError extends Error {
  override readonly name = 'InvalidSealingKeyError';
}

/**
 * The key sensitive tool outputs are sealed under (AES-256-GCM), with a second key derived from
 * it for their digests. A digest is keyed because a plain SHA-256 of a six-digit code is undone
 * by trying a million codes; keyed, it proves what was delivered only to whoever holds the key.
 */
export class SealingKey {
  readonly #encryption: Buffer;
  readonly #digest: Buffer;

  private constructor(key: Buffer) {
    this.#encryption = Buffer.from(hkdfSync('sha256', key, '', 'agentcore sealed output', 32));
    this.#digest = Buffer.from(hkdfSync('sha256', key, '', 'agentcore sealed digest', 32));
  }

  /** From configuration: 32 random bytes, base64 (e.g. `openssl rand -base64 32`). */
  static fromBase64(text: string): SealingKey {
    if (!isSealingKey(text)) {
      throw new InvalidSealingKeyError(
        `the sealing key must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)`,
      );
    }
    return new SealingKey(Buffer.from(text.trim(), 'base64'));
  }

  static generate(): SealingKey {
    return new SealingKey(randomBytes(KEY_BYTES));
  }

  /** Seals `plaintext`; `context` (who and what it is for) must be given again to open it. */
  seal(plaintext: string, context: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encryption, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The plaintext, or undefined when it was sealed under another key or another context. */
  open(sealed: Sealed, context: string): string | undefined {
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.#encryption,
        Buffer.from(sealed.iv, 'base64'),
      );
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** HMAC-SHA256 of `plaintext` in `context`, hex. */
  digest(plaintext: string, context: string): string {
    return createHmac('sha256', this.#digest).update(`${context}\n${plaintext}`).digest('hex');
  }
}
