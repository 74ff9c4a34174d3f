/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
