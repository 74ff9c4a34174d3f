import { TotpError } from '../errors.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The TOTP seed inside a stored secret: the `keyField` string of a JSON object, or the whole
 * trimmed value when the secret is not a JSON object.
 */
export function extractTotpSeed(secretName: string, value: string, keyField: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // Not JSON after all: a raw value that happens to start with a brace.
    return trimmed;
  }
  if (!isRecord(parsed)) return trimmed;
  const field = parsed[keyField];
  if (typeof field !== 'string' || field.trim() === '') {
    throw new TotpError(
      'secret_field_missing',
      `Secret ${secretName} is a JSON object without a text field "${keyField}"`,
    );
  }
  return field;
}
