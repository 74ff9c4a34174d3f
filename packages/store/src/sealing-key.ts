import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as z from 'zod';

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

/** The shortest secret text a sealing key is derived from (SEALED_OUTPUT_SECRET_ARN). */
export const MIN_SEALING_SECRET_CHARS = 32;

/**
 * The settings of the functions that seal (execute) or deliver (api, notifier) sensitive tool
 * outputs: on AWS the Secrets Manager secret holding the key's source text, locally the key
 * itself. Without either, sensitive outputs are withheld from everyone.
 */
export const SealingKeySettings = {
  SEALED_OUTPUT_SECRET_ARN: z.string().trim().min(1).optional(),
  /** 32 random bytes, base64: the local runtime's key (on AWS, use the secret's ARN). */
  SEALED_OUTPUT_SECRET: z
    .string()
    .refine(isSealingKey, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
};

/** Where a function gets its sealing key: read on first use, then kept for the cold start. */
export type SealingKeySource = () => Promise<SealingKey>;

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

  /**
   * From a secret's text: random text of at least MIN_SEALING_SECRET_CHARS characters (what
   * Secrets Manager generates), the key derived from all of it.
   */
  static fromSecretText(text: string): SealingKey {
    if (text.length < MIN_SEALING_SECRET_CHARS) {
      throw new InvalidSealingKeyError(
        `the sealing secret must hold at least ${MIN_SEALING_SECRET_CHARS} characters of random text`,
      );
    }
    return new SealingKey(Buffer.from(text, 'utf8'));
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
