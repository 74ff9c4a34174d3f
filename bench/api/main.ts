// bench/api: the request API over HTTP on loopback, 50 concurrent clients, against the whole local
// system (DynamoDB Local, the state machine, the functions, the API on @hono/node-server):
//   GET  /requests/{id}  one finished request, read again and again;
//   POST /requests       an exact call of an allowed, read-only tool (gifs__search_gifs), which
//                        records the request and starts its execution (in this same process).
// In the same run, the same two routes on a bare Hono app answering a constant, served by the same
// adapter and driven by the same client: real / bare is what the app itself costs.
// Usage: npm run bench -- api [seconds per phase, 10]. Readable figures, then one JSON line.
import {
  type DynamoDbLocal,
  type LocalRuntime,
  startDynamoDbLocal,
  startLocalRuntime,
} from '@agentcore/local';
import { type ServedApi, serveApi } from '@agentcore/service-api';
import { Hono } from 'hono';
import { cpuMeter, describeCpu } from '../workflow/cpu.js';
import { DynamoTap } from '../workflow/dynamo-tap.js';
import { type Call, type PhaseResult, percentile, runPhase } from './load.js';

const CLIENTS = 50;
// Each measured phase runs this long (so the bare app's figures are not a blink's worth).
const PHASE_MS = Number(process.argv[2] ?? 10) * 1000;
// Warm-up: connections, the JIT (ours and DynamoDB Local's), the MCP servers' first listing.
const WARM_MS = 3_000;
// The default (60 a minute per key) would refuse all but the first 60 submissions.
const SUBMISSIONS_PER_MINUTE = 100_000;
const DRAIN_LIMIT_MS = 5 * 60_000;
const OVERALL_LIMIT_MS = 12 * 60_000;
const REQUEST_ID = '01M8MPKK2YAEMWQYK27M90CGEM';
const SUBMISSION = JSON.stringify({
  toolCalls: [{ tool: 'gifs__search_gifs', arguments: { query: 'cat' } }],
});

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Resolves with `work`, or with undefined after `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The same two routes answering constants: what Hono and the adapter cost on their own. */
function bareApp(): Parameters<typeof serveApi>[0] {
  const app: Parameters<typeof serveApi>[0] = new Hono();
  const request = { request: { requestId: REQUEST_ID, status: 'completed' } };
  app.get('/requests/:id', (c) => c.json(request));
  app.post('/requests', (c) => c.json({ requestId: REQUEST_ID, status: 'received' }, 202));
  return app;
}

const total = (counts: Readonly<Record<string, number>>) =>
  Object.values(counts).reduce((sum, count) => sum + count, 0);
const perRequest = (counts: Readonly<Record<string, number>>, requests: number) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([operation, count]) => [operation, round(count / Math.max(1, requests), 2)]),
    ),
  );

/** Reads/s DynamoDB Local gives our repository with nothing else running: the GETs' ceiling. */
async function readCeiling(read: () => Promise<unknown>) {
  const latencies: number[] = [];
  const deadline = performance.now() + PHASE_MS / 2;
  const started = performance.now();
  const reader = async () => {
    while (performance.now() < deadline) {
      const at = performance.now();
      await read();
      latencies.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, reader));
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / ((performance.now() - started) / 1000),
    p50Ms: percentile(latencies, 50),
  };
}

let dynamo: DynamoDbLocal | undefined;
let tapped: DynamoTap | undefined;
let runtime: LocalRuntime | undefined;
let bare: ServedApi | undefined;
async function stopEverything() {
  tapped?.close();
  tapped = undefined;
  await bare?.close().catch(() => undefined);
  bare = undefined;
  await runtime?.stop().catch(() => undefined);
  runtime = undefined;
  await dynamo?.stop().catch(() => undefined);
  dynamo = undefined;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopEverything().finally(() => process.exit(130));
  });
}
setTimeout(() => {
  console.error(`bench/api: still running after ${OVERALL_LIMIT_MS / 60_000} minutes; stopping`);
  void stopEverything().finally(() => process.exit(1));
}, OVERALL_LIMIT_MS).unref();

try {
  dynamo = await startDynamoDbLocal();
  // Counts DynamoDB requests on the wire (a counter per request, no proxy hop).
  const tap = new DynamoTap(dynamo.endpoint);
  tapped = tap;
  const started = await startLocalRuntime({
    dynamoEndpoint: dynamo.endpoint,
    tablePrefix: 'bench-api',
    env: { API_SUBMISSIONS_PER_MINUTE: String(SUBMISSIONS_PER_MINUTE) },
  });
  runtime = started;
  bare = await serveApi(bareApp());
  const { key } = await started.issueApiKey({
    userId: 'U_BENCH',
    displayName: 'Bench',
    roles: ['requester'],
  });
  const headers = { authorization: `Bearer ${key}` };
  const submit = (): Call => ({ method: 'POST', path: '/requests', headers, body: SUBMISSION });
  const requestIdsOf = (phase: PhaseResult) =>
    phase.bodies.map((body) => (JSON.parse(body) as { requestId: string }).requestId);
  const drain = async (phase: PhaseResult) => {
    const ids = requestIdsOf(phase);
    const startedAt = performance.now();
    await within(Promise.all(ids.map((id) => started.settled(id))), DRAIN_LIMIT_MS);
    return { executions: ids.length, ms: performance.now() - startedAt };
  };

  // The request every GET reads: submitted and run to the end first.
  const seeded = await runPhase({
    url: started.apiUrl,
    clients: 1,
    requests: 1,
    call: submit,
    keepBody: (status) => status === 202,
  });
  const [requestId] = requestIdsOf(seeded);
  if (!requestId) throw new Error(`could not submit: ${JSON.stringify(seeded.statuses)}`);
  await started.settled(requestId);
  const read = (): Call => ({ method: 'GET', path: `/requests/${requestId}`, headers });

  const phase = (url: string, ms: number, call: () => Call, keep = false) =>
    runPhase({
      url,
      clients: CLIENTS,
      ms,
      call,
      ...(keep ? { keepBody: (status: number) => status === 202 } : {}),
    });
  const measured = async (url: string, call: () => Call, keep = false) => {
    const cpu = cpuMeter(dynamo?.pid);
    tap.reset();
    const result = await phase(url, PHASE_MS, call, keep);
    return { result, cpu: cpu(), dynamo: tap.snapshot().sent };
  };

  await phase(bare.url, WARM_MS, read);
  await phase(started.apiUrl, WARM_MS, read);
  await phase(bare.url, WARM_MS, submit);
  await drain(await phase(started.apiUrl, WARM_MS, submit, true));

  const bareGet = await measured(bare.url, read);
  const get = await measured(started.apiUrl, read);
  const reads = await readCeiling(() => started.stores.approvals.get(requestId));
  const bareRun = await measured(bare.url, submit);
  const run = await measured(started.apiUrl, submit, true);
  const drained = await drain(run.result);
  await stopEverything();

  const expected = (result: PhaseResult, status: number) =>
    result.requests - (result.statuses[status] ?? 0);
  const unexpected =
    expected(get.result, 200) +
    expected(bareGet.result, 200) +
    expected(run.result, 202) +
    expected(bareRun.result, 202);
  const figures = {
    get_rps: round(get.result.rps),
    get_p99_ms: round(get.result.p99Ms),
    run_rps: round(run.result.rps),
    run_p99_ms: round(run.result.p99Ms),
    get_vs_bare_ratio: round(get.result.rps / bareGet.result.rps, 3),
    run_vs_bare_ratio: round(run.result.rps / bareRun.result.rps, 3),
    bare_get_rps: round(bareGet.result.rps),
    bare_get_p99_ms: round(bareGet.result.p99Ms),
    bare_run_rps: round(bareRun.result.rps),
    bare_run_p99_ms: round(bareRun.result.p99Ms),
    clients: CLIENTS,
    phase_s: PHASE_MS / 1000,
    get_requests: get.result.requests,
    run_requests: run.result.requests,
    dynamo_per_get: round(total(get.dynamo) / get.result.requests, 2),
    unexpected_statuses: unexpected,
    executions_per_s: round(drained.executions / ((run.result.elapsedMs + drained.ms) / 1000)),
    dynamo_reads_per_s: round(reads.perSecond),
    get_vs_dynamo_ceiling: round(
      get.result.rps / (reads.perSecond / (total(get.dynamo) / get.result.requests)),
      3,
    ),
  };

  const line = (label: string, result: PhaseResult) =>
    `  ${label.padEnd(26)} ${round(result.rps)} requests/s, p50 ${round(result.p50Ms)} ms, p99 ${round(result.p99Ms)} ms (${result.requests} in ${(result.elapsedMs / 1000).toFixed(2)} s; statuses ${JSON.stringify(result.statuses)})`;
  console.log(
    `api: ${CLIENTS} concurrent clients over loopback, keep-alive; @hono/node-server for both apps`,
  );
  console.log(
    `  submission limit raised to ${SUBMISSIONS_PER_MINUTE}/minute per key (API_SUBMISSIONS_PER_MINUTE, through the runtime's env): the default 60 would answer 429`,
  );
  console.log(line('GET /requests/{id}', get.result));
  console.log(line('GET, bare Hono constant', bareGet.result));
  console.log(`    CPU (real app)         ${describeCpu(get.cpu)}`);
  console.log(`    DynamoDB per GET       ${perRequest(get.dynamo, get.result.requests)}`);
  console.log(
    `  DynamoDB Local alone       ${figures.dynamo_reads_per_s} reads/s (the repository's get, ${CLIENTS} in flight, p50 ${round(reads.p50Ms)} ms): at ${figures.dynamo_per_get} reads a GET, the API reaches ${figures.get_vs_dynamo_ceiling} of what DynamoDB Local allows`,
  );
  console.log(line('POST /requests', run.result));
  console.log(line('POST, bare Hono constant', bareRun.result));
  console.log(`    CPU (real app)         ${describeCpu(run.cpu)}`);
  console.log(
    `    DynamoDB per POST      ${perRequest(run.dynamo, run.result.requests)} (the executions' own requests included, as they ran during the phase)`,
  );
  console.log(
    `  the ${drained.executions} submitted requests' executions finished ${(drained.ms / 1000).toFixed(2)} s after the last answer (${figures.executions_per_s} executions/s from the first submission)`,
  );
  console.log(
    `  real / bare: GET ${figures.get_vs_bare_ratio}, POST ${figures.run_vs_bare_ratio} (requests/s; 1.0 would be the bare app's rate)`,
  );
  console.log('what limits these figures:');
  console.log(
    '  - DynamoDB Local (one JVM) first: a GET is three reads one after the other, and the API comes close to the reads/s DynamoDB Local gives with nothing else running; a POST writes the request and its audit entry in one transaction, then its execution reads and writes more',
  );
  console.log(
    '  - the machine: the load generator, the API, the state machine, our functions, the MCP servers and the stand-ins share this process and the cores with DynamoDB Local',
  );
  console.log(
    '  - POST: each submission starts an execution in this same process (Plan, Policy, Execute, Notify), so the answers compete with the work they start; on AWS those run elsewhere',
  );
  console.log(
    '  - the three reads of a GET: the API key, the directory version (read on every call, so an edit applies at once) and the request',
  );
  console.log(
    '  - other work on the machine: a load average above the core count (see the CPU lines) shows in the latencies, the real app far more than the bare one',
  );
  if (unexpected > 0) console.log(`  warning: ${unexpected} answers had an unexpected status`);
  console.log(JSON.stringify(figures));
} finally {
  await stopEverything();
}
