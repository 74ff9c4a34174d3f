import { Secret, TOTP } from 'otpauth';
import { TotpError } from './errors.js';

export const TOTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type TotpAlgorithm = (typeof TOTP_ALGORITHMS)[number];

export interface TotpSettings {
  readonly algorithm: TotpAlgorithm;
  readonly digits: number;
  /** Time step in seconds. */
  readonly period: number;
}

export interface TotpCode {
  readonly code: string;
  /** Seconds until the code's time step ends, counted from the timestamp it was made for. */
  readonly validForSeconds: number;
}

const BASE32_ALPHABET = /^[A-Z2-7]+$/;
// Unpadded base32 of whole bytes is 0, 2, 4, 5 or 7 characters past a multiple of 8.
const VALID_TAIL_LENGTHS = new Set([0, 2, 4, 5, 7]);

/**
 * Normalises a base32 secret the way authenticator apps accept it: trims, drops whitespace,
 * upper-cases and strips `=` padding. Throws an `invalid_secret` TotpError naming `subject`
 * (never echoing the secret) when what is left is not RFC 4648 base32.
 */
export function normaliseBase32Secret(raw: string, subject: string): string {
  const compact = raw.replace(/\s+/g, '').toUpperCase().replace(/=+$/, '');
  if (compact === '') {
    throw new TotpError('invalid_secret', `${subject} is empty; expected a base32 TOTP secret`);
  }
  if (!BASE32_ALPHABET.test(compact)) {
    throw new TotpError(
      'invalid_secret',
      `${subject} is not valid base32: only the letters A-Z, the digits 2-7 and trailing '=' padding are allowed`,
    );
  }
  if (!VALID_TAIL_LENGTHS.has(compact.length % 8)) {
    throw new TotpError(
      'invalid_secret',
      `${subject} is not valid base32: its length cannot come from base32-encoding whole bytes`,
    );
  }
  return compact;
}

/**
 * RFC 6238 TOTP for an already normalised base32 secret at `timestampMs` (Unix epoch, ms).
 * otpauth computes the counter with 64-bit arithmetic, so dates past 2038 are right.
 */
export function generateTotp(
  base32Secret: string,
  settings: TotpSettings,
  timestampMs: number,
): TotpCode {
  const code = TOTP.generate({
    secret: Secret.fromBase32(base32Secret),
    algorithm: settings.algorithm,
    digits: settings.digits,
    period: settings.period,
    timestamp: timestampMs,
  });
  const elapsed = Math.floor(timestampMs / 1000) % settings.period;
  return { code, validForSeconds: settings.period - elapsed };
}
