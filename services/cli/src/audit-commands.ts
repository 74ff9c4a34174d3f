import { answer, type Context, EXIT, type Outcome } from './outcome.js';

export interface ExportOptions {
  stream?: string;
  since?: string;
  until?: string;
  out?: string;
}

/** Pages are bounded by the API; this many is far past any real export and stops a loop. */
const MAX_PAGES = 10_000;

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
        cursor,
      },
      accept: 'text/csv',
    });
    const lines = (await response.text()).split(/\r?\n/).filter((line) => line !== '');
    // Every page repeats the header row; the export keeps the first.
    const [first, ...rest] = lines;
    if (first !== undefined) {
      if (header === undefined) header = first;
      rows.push(...(first === header ? rest : lines));
    }
    cursor = response.headers.get('x-next-cursor') ?? undefined;
    pages += 1;
  } while (cursor && pages < MAX_PAGES);
  const csv = header === undefined ? '' : `${[header, ...rows].join('\n')}\n`;
  if (options.out) {
    context.io.writeFile(options.out, csv);
    const summary = { ok: true, out: options.out, events: rows.length, pages };
    return answer(context.io, summary, `${rows.length} audit event(s) written to ${options.out}.`);
  }
  // CSV is its own machine-readable form: --json changes nothing here.
  return { code: EXIT.done, stdout: csv.replace(/\n$/, '') };
}

interface Verified {
  ok: boolean;
  streams: number;
  events: number;
  broken: unknown[];
}

/** `GET /audit/verify`: every stream's hash chain, recomputed by the API. */
export async function verifyAudit(context: Context, stream?: string): Promise<Outcome> {
  const result = await context.api().call<Verified>('GET', '/audit/verify', { query: { stream } });
  const text = result.ok
    ? `Audit log intact: ${result.events} event(s) in ${result.streams} stream(s), every hash chain verified.`
    : [
        `Audit log BROKEN: ${result.broken.length} stream(s) fail verification (of ${result.streams}).`,
        ...result.broken.map(
          (entry) => `  ${typeof entry === 'string' ? entry : JSON.stringify(entry)}`,
        ),
      ].join('\n');
  return answer(context.io, result, text, result.ok ? EXIT.done : EXIT.failed);
}
