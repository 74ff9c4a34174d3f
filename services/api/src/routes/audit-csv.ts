import type { AuditEventSummary } from '@agentcore/store';

export const AUDIT_CSV_COLUMNS = ['streamId', 'seq', 'at', 'type', 'actor', 'data'] as const;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: formula-looking text gets a leading quote, then RFC 4180 quoting where needed. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A page of events as CSV (RFC 4180: CRLF line ends, a header row), `data` as compact JSON. */
export function auditEventsCsv(events: readonly AuditEventSummary[]): string {
  const rows = [
    AUDIT_CSV_COLUMNS.join(','),
    ...events.map((event) =>
      [event.streamId, event.seq, event.at, event.type, event.actor, JSON.stringify(event.data)]
        .map(csvCell)
        .join(','),
    ),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
