// A closed-loop HTTP load generator: N clients, each sending its next request as soon as the
// previous one is answered, over keep-alive connections on loopback. The same client measures
// the real app and the bare one, so their ratio is the cost of the app itself.
import { Agent, request } from 'node:http';

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface PhaseResult {
  requests: number;
  elapsedMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers by status; anything but the expected status is counted here too. */
  statuses: Record<number, number>;
  /** Bodies of the answers the caller wants to keep (e.g. the request ids of submissions). */
  bodies: string[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function send(agent: Agent, base: URL, call: Call): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        hostname: base.hostname,
        port: base.port,
        method: call.method,
        path: call.path,
        headers: {
          ...call.headers,
          ...(call.body !== undefined
            ? {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(call.body)),
              }
            : {}),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}

/**
 * Sends calls from `clients` concurrent clients until `requests` have been sent or `ms` have
 * passed, whichever comes first, and measures each answer's latency. `keepBody` says which
 * answers' bodies to return.
 */
export async function runPhase(options: {
  url: string;
  clients: number;
  requests?: number;
  ms?: number;
  call: (index: number) => Call;
  keepBody?: (status: number) => boolean;
}): Promise<PhaseResult> {
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  const deadline = performance.now() + (options.ms ?? Number.POSITIVE_INFINITY);
  const base = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const bodies: string[] = [];
  let issued = 0;
  const client = async () => {
    while (issued < limit && performance.now() < deadline) {
      const index = issued++;
      const started = performance.now();
      const answer = await send(agent, base, options.call(index)).catch(() => ({
        status: 0,
        body: '',
      }));
      latencies.push(performance.now() - started);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (options.keepBody?.(answer.status)) bodies.push(answer.body);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, client));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    elapsedMs,
    rps: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
    bodies,
  };
}
