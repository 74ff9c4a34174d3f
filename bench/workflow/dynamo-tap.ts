// Counts the DynamoDB requests this process sends, on the wire, per operation: every HTTP request
// to one endpoint, read from Node's own http diagnostics channels, so SDK retries and transactions
// DynamoDB cancels are counted too. It also tracks how many transactions are in flight at once.
//
// Why not the fault proxy from @agentcore/stand-ins: it counts exactly the same requests (checked
// when this was written: identical per-operation counts), but it is a second HTTP hop inside this
// process, which shares 2 cores with DynamoDB Local's JVM; with it the workflow ran at 26-28
// requests/s against 25-33 without (three runs each, medians 28 and 32). The tap costs a counter
// per request, so the counts and the throughput come from the same run, undistorted.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

const TRANSACTION = 'TransactWriteItems';

export interface TapSnapshot {
  /** Requests sent, per operation (e.g. `TransactWriteItems`, `GetItem`, `Query`). */
  readonly sent: Readonly<Record<string, number>>;
  /** Of those, the ones DynamoDB answered with an error (a cancelled transaction, say). */
  readonly refused: Readonly<Record<string, number>>;
  /** Most transactions in flight at once, and their time-weighted mean, since `reset()`. */
  readonly peakTransactionsInFlight: number;
  readonly meanTransactionsInFlight: number;
}

export class DynamoTap {
  private readonly host: string;
  private readonly sent = new Map<string, number>();
  private readonly refused = new Map<string, number>();
  private inFlight = 0;
  private peak = 0;
  private area = 0;
  private since = performance.now();
  private changedAt = this.since;

  private readonly onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (request.getHeader('host') !== this.host) return;
    const operation = this.operationOf(request);
    this.sent.set(operation, (this.sent.get(operation) ?? 0) + 1);
    if (operation !== TRANSACTION) return;
    this.changeInFlight(1);
    request.once('close', () => this.changeInFlight(-1));
  };

  private readonly onResponse = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    if (request.getHeader('host') !== this.host || (response.statusCode ?? 500) < 400) return;
    const operation = this.operationOf(request);
    this.refused.set(operation, (this.refused.get(operation) ?? 0) + 1);
  };

  /** Taps requests to `endpoint` (e.g. `http://127.0.0.1:8000`) until `close()`. */
  constructor(endpoint: string) {
    this.host = new URL(endpoint).host;
    subscribe('http.client.request.start', this.onStart);
    subscribe('http.client.response.finish', this.onResponse);
  }

  private operationOf(request: ClientRequest): string {
    const target = String(request.getHeader('x-amz-target') ?? '');
    return target.slice(target.lastIndexOf('.') + 1) || 'unknown';
  }

  private changeInFlight(by: number) {
    const now = performance.now();
    this.area += this.inFlight * (now - this.changedAt);
    this.changedAt = now;
    this.inFlight += by;
    this.peak = Math.max(this.peak, this.inFlight);
  }

  /** Forgets the counts; what is in flight now stays counted as in flight. */
  reset(): void {
    this.sent.clear();
    this.refused.clear();
    this.since = performance.now();
    this.changedAt = this.since;
    this.area = 0;
    this.peak = this.inFlight;
  }

  snapshot(): TapSnapshot {
    const now = performance.now();
    const area = this.area + this.inFlight * (now - this.changedAt);
    return {
      sent: Object.fromEntries(this.sent),
      refused: Object.fromEntries(this.refused),
      peakTransactionsInFlight: this.peak,
      meanTransactionsInFlight: now > this.since ? area / (now - this.since) : 0,
    };
  }

  close(): void {
    unsubscribe('http.client.request.start', this.onStart);
    unsubscribe('http.client.response.finish', this.onResponse);
  }
}

/** `after - before`, per operation, dropping operations that did not occur. */
export function difference(
  after: Readonly<Record<string, number>>,
  before: Readonly<Record<string, number>>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after)) {
    const delta = count - (before[operation] ?? 0);
    if (delta !== 0) result[operation] = delta;
  }
  return result;
}

/** Reads: every operation that reads and writes nothing. */
export const READ_OPERATIONS = ['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems'];
/** Single-item and batch writes outside transactions. */
export const PLAIN_WRITE_OPERATIONS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];
export { TRANSACTION };

export function total(counts: Readonly<Record<string, number>>, operations: string[]): number {
  return operations.reduce((sum, operation) => sum + (counts[operation] ?? 0), 0);
}
