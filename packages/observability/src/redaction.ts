/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';
const CIRCULAR = '[circular]';
const TRUNCATED = '[truncated]';
const MAX_DEPTH = 32;

/** Substrings that make a key sensitive wherever they appear in it (after lower-casing and dropping separators). */
const SENSITIVE_SUBSTRINGS = [
  'secret',
  'token',
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'credential',
  'cookie',
  'signature',
  'authorization',
  'apikey',
  'privatekey',
];
/** Whole words that make a key sensitive (`auth`, `authHeader`, `pass`, `otp`...). */
const SENSITIVE_WORDS = new Set(['auth', 'pass', 'pwd', 'otp', 'totp', 'hotp']);
/** One-time passwords written as one word: `otpauth`, `totpsecret`, `smsotp`. */
const OTP = /(^| )[th]?otp|otp$/;
/** Keys ending in `code` name a code (TOTP, MFA, OAuth) unless they are one of these. */
const HARMLESS_CODES = new Set(['statuscode', 'httpstatuscode', 'errorcode', 'exitcode']);
/** A last word naming a secret rather than holding it: `secretName`, `secret_arn`, `apiKeyId`. */
const IDENTIFIER_WORDS = new Set(['id', 'ids', 'arn', 'arns', 'name', 'names', 'region']);
/** Numbers under these suffixes are counts (`inputTokens`, `tokenCount`), never secrets. */
const COUNT_SUFFIXES = ['tokens', 'count'];
/** An error's own `code` is its error code (`not_found`, `ECONNREFUSED`) when it reads like one. */
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9_.:-]*$/;
/** A URL query parameter, `?name=value` or `&name=value`. */
const QUERY_PARAMETER = /([?&])([^=&#\s]+)=([^&#\s"'<>]*)/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/**
 * Whether values under `key` are redacted, whatever the nesting (booleans and nulls excepted).
 * Case and separators do not matter: `taskToken`, `TASK_TOKEN` and `task-token` are the same key.
 */
export function isSensitiveKey(key: string): boolean {
  const parts = words(key);
  const joined = parts.join('');
  const last = parts.at(-1);
  if (parts.length > 1 && last !== undefined && IDENTIFIER_WORDS.has(last)) return false;
  if (SENSITIVE_SUBSTRINGS.some((fragment) => joined.includes(fragment))) return true;
  if (parts.some((word) => SENSITIVE_WORDS.has(word)) || OTP.test(parts.join(' '))) return true;
  return joined.endsWith('code') && !HARMLESS_CODES.has(joined);
}

function redactsEntry(key: string, value: unknown, inError: boolean): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return false;
  if (typeof value === 'number') {
    const joined = words(key).join('');
    if (COUNT_SUFFIXES.some((suffix) => joined.endsWith(suffix))) return false;
  }
  if (inError && key === 'code' && typeof value === 'string' && ERROR_CODE.test(value)) {
    return false;
  }
  return isSensitiveKey(key);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RedactorOptions {
  /** Values redacted wherever they appear, from the start. */
  values?: Iterable<string>;
  /** Turns an error into plain fields; its `cause` is left as is (the redactor walks it). */
  describeError: (error: Error) => Record<string, unknown>;
}

/**
 * Copies a structure with sensitive keys and registered values replaced by {@link REDACTED}.
 * It follows `toJSON` like JSON.stringify, describes errors (and their causes), cuts cycles and
 * very deep nesting, and never mutates its input.
 */
export class Redactor {
  readonly #values = new Set<string>();
  readonly #describeError: (error: Error) => Record<string, unknown>;
  #pattern: RegExp | undefined;

  constructor(options: RedactorOptions) {
    this.#describeError = options.describeError;
    for (const value of options.values ?? []) this.addValue(value);
  }

  /** Redacts `value` (case-insensitively) wherever it appears from now on. Empty strings are ignored. */
  addValue(value: string): void {
    if (value.length === 0 || this.#values.has(value)) return;
    this.#values.add(value);
    const alternatives = [...this.#values].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.#pattern = new RegExp(alternatives.join('|'), 'gi');
  }

  redactString(text: string): string {
    let result = this.#pattern === undefined ? text : text.replace(this.#pattern, REDACTED);
    result = result.replace(QUERY_PARAMETER, (match, separator: string, name: string) =>
      name.toLowerCase() === 'key' || isSensitiveKey(name)
        ? `${separator}${name}=${REDACTED}`
        : match,
    );
    return result.replace(BEARER, `$1 ${REDACTED}`);
  }

  redact(value: unknown): unknown {
    return this.#walk(value, 0, [], false);
  }

  #containsValue(text: string): boolean {
    if (this.#pattern === undefined) return false;
    this.#pattern.lastIndex = 0;
    return this.#pattern.test(text);
  }

  #walk(value: unknown, depth: number, ancestors: object[], jsonDone: boolean): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (typeof value === 'number' || typeof value === 'bigint') {
      return this.#containsValue(String(value)) ? REDACTED : value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (ancestors.includes(value)) return CIRCULAR;
    if (depth >= MAX_DEPTH) return TRUNCATED;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (!jsonDone && !(value instanceof Error) && typeof toJSON === 'function') {
      return this.#walk(toJSON.call(value), depth, ancestors, true);
    }
    ancestors.push(value);
    try {
      if (Array.isArray(value)) {
        return value.map((item) => this.#walk(item, depth + 1, ancestors, false));
      }
      const isError = value instanceof Error;
      const fields = isError ? this.#describeError(value) : (value as Record<string, unknown>);
      const copy: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(fields)) {
        copy[this.redactString(key)] = redactsEntry(key, field, isError)
          ? REDACTED
          : this.#walk(field, depth + 1, ancestors, false);
      }
      return copy;
    } finally {
      ancestors.pop();
    }
  }
}
