import type { Context } from 'hono';
import { HttpError } from '../http-errors.js';

/** Policy sets are the largest thing a form carries. */
const MAX_FORM_BYTES = 256 * 1024;

/** A posted form's fields: the last value of each, as text (files are refused). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return {};
  const tooLarge = () =>
    new HttpError(413, 'too_large', `the form is over ${MAX_FORM_BYTES} bytes`);
  if (Number(c.req.header('content-length') ?? '0') > MAX_FORM_BYTES) throw tooLarge();
  // Measured as read too (a chunked body declares no length); parseBody reuses what was read.
  if ((await c.req.arrayBuffer()).byteLength > MAX_FORM_BYTES) throw tooLarge();
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') fields[name] = last;
  }
  return fields;
}

/** `a, b ,c` -> ['a', 'b', 'c'] */
export function commaList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** `KEY=VALUE` lines; blank lines and `#` comments skipped, lines without `=` refused. */
export function envLines(text: string | undefined): Record<string, string> | { badLine: string } {
  const env: Record<string, string> = {};
  for (const raw of (text ?? '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) return { badLine: line };
    env[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return env;
}
