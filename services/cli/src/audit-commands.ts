import { answer, type Context, EXIT, type Outcome } from './outcome.js';

export interface ExportOptions {
  stream?: string;
  since?: string;
  until?: string;
  out?: string;
  /** Events per page asked of the API (its default when absent). */
  limit?: string;
}

/** Pages are bounded by the API; this many is far past any real export and stops a loop. */
const MAX_PAGES = 10_000;

/** The CSV's records: line breaks outside quoted cells (a cell may hold one). */
function splitRecords(text: string): string[] {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) {
      records.push(text.slice(start, at).replace(/\r$/, ''));
      start = at + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records.filter((record) => record !== '');
}

/** `GET /audit/events?format=csv`, every page (following `x-next-cursor`), as one CSV. */
export async function exportAudit(context: Context, options: ExportOptions): Promise<Outcome> {
  const api = context.api();
  let header: string | undefined;
  const rows: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await api.send('GET', '/audit/events', {
      query: {
        format: 'csv',
        stream: options.stream,
        since: options.since,
        until: options.until,
        limit: options.limit,
        cursor,
      },
      accept: 'text/csv',
    });
    // Every page repeats the header row; the export keeps the first.
    const [first, ...rest] = splitRecords(await response.text());
    if (first !== undefined) {
      header ??= first;
      rows.push(...(first === header ? rest : [first, ...rest]));
    }
    cursor = response.headers.get('x-next-cursor') ?? undefined;
    pages += 1;
  } while (cursor && pages < MAX_PAGES);
  // RFC 4180 line ends, as the API sends them.
  const csv = header === undefined ? '' : `${[header, ...rows].join('\r\n')}\r\n`;
  if (options.out) {
    context.io.writeFile(options.out, csv);
    const summary = { ok: true, out: options.out, events: rows.length, pages };
    return answer(context.io, summary, `${rows.length} audit event(s) written to ${options.out}.`);
  }
  // CSV is its own machine-readable form: --json changes nothing here.
  return { code: EXIT.done, stdout: csv.replace(/\r\n$/, '') };
}

interface BrokenChain {
  streamId: string;
  seq: number;
  reason: string;
  problem?: string;
}

interface Verified {
  ok: boolean;
  streams: number;
  events: number;
  legacyEvents?: number;
  broken: BrokenChain[];
}

const TAIL_PROBLEMS = new Set(['missing_tail', 'missing_anchor', 'bad_anchor']);

function brokenLine(link: BrokenChain): string {
  if (link.problem !== undefined && TAIL_PROBLEMS.has(link.problem)) {
    return `  ${link.streamId}: the chain's end does not hold from event ${link.seq} (${link.reason})`;
  }
  return `  ${link.streamId}: event ${link.seq} breaks the chain (${link.reason})`;
}

/** `GET /audit/verify`: every stream's keyed chain and anchor, recomputed by the API. */
export async function verifyAudit(
  context: Context,
  options: { stream?: string; since?: string },
): Promise<Outcome> {
  const result = await context.api().call<Verified>('GET', '/audit/verify', {
    query: { stream: options.stream, since: options.since },
  });
  const legacy = result.legacyEvents
    ? [`${result.legacyEvents} event(s) predate the keyed chain: checked by unkeyed hash only.`]
    : [];
  const text = [
    result.ok
      ? `Audit log intact: ${result.events} event(s) in ${result.streams} stream(s), every chain verified to its anchored end.`
      : `Audit log BROKEN: ${result.broken.length} stream(s) fail verification (of ${result.streams}).`,
    ...result.broken.map(brokenLine),
    ...legacy,
  ].join('\n');
  return answer(context.io, result, text, result.ok ? EXIT.done : EXIT.failed);
}
