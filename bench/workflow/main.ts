// bench/workflow: 100 concurrent requests through the local runtime (direct mode), half of them
// needing approval and approved by a script as soon as it is notified. Every request must reach a
// terminal status exactly once. In the same run, against the same DynamoDB Local:
//   - the DynamoDB requests the workflow sends, counted on the wire per operation (dynamo-tap.ts),
//     over the measured requests only: transactions and reads per request;
//   - DynamoDB Local's own rate for transactions shaped like ours, at the concurrency the workflow
//     reached (ceiling.ts), and how close the workflow comes to it:
//     efficiency = requests/s x transactions per request / DynamoDB Local's transactions/s;
//   - the approval-to-execution latency of one request with nothing else running.
// Prints readable figures, then one JSON line.

import type { LocalRuntime } from '@agentcore/local';
import { type DynamoDbLocal, startDynamoDbLocal, startLocalRuntime } from '@agentcore/local';
import { DEFAULT_POLICY_SOURCES } from '@agentcore/policy';
import { measureTransactionCeiling, readTemplates } from './ceiling.js';
import { cpuMeter, describeCpu } from './cpu.js';
import {
  DynamoTap,
  difference,
  PLAIN_WRITE_OPERATIONS,
  READ_OPERATIONS,
  TRANSACTION,
  total,
} from './dynamo-tap.js';

const REQUESTS = Number(process.argv[2] ?? 100);
// Warm up: the first requests connect the MCP servers, build the policy engine and let the JIT
// of DynamoDB Local's JVM settle, so the figures describe a running system, not a cold one. The
// warm-up has the measured run's mix, so the approval path is warm too.
const WARM_UP = Number(process.argv[3] ?? 40);
const DEADLINE_MS = 120_000;
// One request at a time: approval-required ones for the latency, allowed ones for their counts.
const SINGLES = 10;
const SINGLES_ALLOWED = 5;
const SINGLE_DEADLINE_MS = 30_000;
// The closed-loop transaction benchmark ends at whichever bound comes first.
const CEILING_MAX_TRANSACTIONS = 5_000;
const CEILING_MAX_MS = 10_000;
// Approvers are told before a request is `pending` (awaitApproval), so a script approving the
// instant it is told can be early: it is answered "not waiting for approval yet; try again
// shortly", and tries again, as a person would, a bounded number of times.
const APPROVER_RETRY_MS = 20;
const APPROVER_MAX_ATTEMPTS = 100;
// Whatever hangs, the benchmark stops everything it started and ends within this.
const OVERALL_LIMIT_MS = 8 * 60_000;
const TABLE_PREFIX = 'bench-workflow';
const TERMINAL = ['completed', 'failed', 'rejected', 'expired', 'denied', 'cancelled'];

const APPROVAL_POLICY = {
  name: 'bench.cedar',
  text: `@id("bench.random-needs-approval")
@outcome("require_approval")
@reason("benchmark: random GIFs need approval")
forbid (principal, action == Action::"gifs__get_random_gif", resource);`,
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

function perRequest(counts: Record<string, number>, requests: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operation, count]) => [operation, round(count / requests, 2)]),
  );
}

// Everything this benchmark starts is stopped on the way out, however it ends.
let dynamo: DynamoDbLocal | undefined;
let runtime: LocalRuntime | undefined;
let tap: DynamoTap | undefined;
async function stopEverything() {
  tap?.close();
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
  console.error(
    `bench/workflow: still running after ${OVERALL_LIMIT_MS / 60_000} minutes; stopping`,
  );
  void stopEverything().finally(() => process.exit(1));
}, OVERALL_LIMIT_MS).unref();

try {
  // Our own DynamoDB Local, so it outlives the runtime for the transaction benchmark.
  dynamo = await startDynamoDbLocal();
  tap = new DynamoTap(dynamo.endpoint);
  const dynamoTap = tap;

  // The approver script reads the approval notifications, as a person would, and approves each
  // request as soon as it is asked to.
  const approvals: Promise<unknown>[] = [];
  let approverRetries = 0;
  const approveFromNotification = (text: string) => {
    const requestId = /hitl-mcp approve (\w{26}) /.exec(text)?.[1];
    if (requestId) approvals.push(approve(requestId));
  };
  const started = await startLocalRuntime({
    dynamoEndpoint: dynamo.endpoint,
    tablePrefix: TABLE_PREFIX,
    notify: approveFromNotification,
    groups: { U_BENCH_APPROVER: ['approvers'] },
    policies: [...DEFAULT_POLICY_SOURCES, APPROVAL_POLICY],
  });
  runtime = started;
  // Everyone talks to the request API over HTTP, each with their own key, as people do. Keys
  // are made before the measured run, so their writes are not counted in it.
  const keys = new Map<string, string>();
  const issueKeys = async (userIds: string[], roles: ('requester' | 'approver')[]) => {
    for (const userId of userIds) {
      keys.set(userId, (await started.issueApiKey({ userId, displayName: userId, roles })).key);
    }
  };
  await issueKeys(['U_BENCH_APPROVER'], ['approver']);
  await issueKeys(
    [
      ...Array.from({ length: WARM_UP }, (_, index) => `U_WARMUP_${index}`),
      ...Array.from({ length: REQUESTS }, (_, index) => `U_BENCH_${index}`),
      ...Array.from({ length: SINGLES + SINGLES_ALLOWED }, (_, index) => `U_SINGLE_${index}`),
    ],
    ['requester'],
  );
  async function requestApi<T>(userId: string, path: string, body: unknown): Promise<T> {
    const response = await fetch(`${started.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.get(userId)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { ok: response.ok, ...((await response.json()) as object) } as T;
  }
  async function approve(requestId: string) {
    for (let attempt = 1; ; attempt++) {
      const answer = await requestApi<{ ok: boolean; error?: { code: string } }>(
        'U_BENCH_APPROVER',
        `/requests/${requestId}/decision`,
        { verdict: 'approved' },
      );
      if (answer.ok || answer.error?.code !== 'wrong_status' || attempt >= APPROVER_MAX_ATTEMPTS)
        return answer;
      approverRetries += 1;
      await sleep(APPROVER_RETRY_MS);
    }
  }
  const submit = (userId: string, needsApproval: boolean) =>
    requestApi<{ ok: boolean; requestId: string }>(userId, '/requests', {
      toolCalls: [
        needsApproval
          ? { tool: 'gifs__get_random_gif', arguments: { tag: 'dog' } }
          : { tool: 'gifs__search_gifs', arguments: { query: 'cat' } },
      ],
    });

  const warm = await Promise.all(
    Array.from({ length: WARM_UP }, (_, index) => submit(`U_WARMUP_${index}`, index % 2 === 1)),
  );
  await within(Promise.all(warm.map((answer) => started.settled(answer.requestId))), DEADLINE_MS);
  await within(Promise.all(approvals), DEADLINE_MS);
  approvals.length = 0;

  // The measured run: counts start here, after the warm-up.
  dynamoTap.reset();
  approverRetries = 0;
  const cpu = cpuMeter(dynamo.pid);
  const startedAt = performance.now();
  const submitted = await Promise.all(
    Array.from({ length: REQUESTS }, (_, index) => submit(`U_BENCH_${index}`, index % 2 === 1)),
  );
  const ids = submitted.filter((answer) => answer.ok).map((answer) => answer.requestId);
  await within(Promise.all(ids.map((id) => started.settled(id))), DEADLINE_MS);
  const elapsedMs = performance.now() - startedAt;
  await within(Promise.all(approvals), DEADLINE_MS);
  const runCpu = cpu();
  const counted = dynamoTap.snapshot();
  const runRetries = approverRetries;

  let terminal = 0;
  let duplicated = 0;
  let committed = 0;
  const approvalToExecution: number[] = [];
  // Where the time between an approval and its execution goes: recording the decision, then the
  // hand-off (task token -> state machine -> execute function -> status change).
  const recording: number[] = [];
  const handoff: number[] = [];
  const statuses: Record<string, number> = {};
  let approvedExample: string | undefined;
  for (const id of ids) {
    const item = await started.stores.approvals.get(id);
    if (!item) continue;
    statuses[item.status] = (statuses[item.status] ?? 0) + 1;
    if (TERMINAL.includes(item.status)) terminal += 1;
    const events = await started.stores.audit.list(id);
    // Every transaction of the workflow stores exactly one audit event with its write.
    committed += events.length;
    const executions = events.filter(
      (event) => event.type === 'request.status_changed' && event.data.to === 'executing',
    );
    if (executions.length > 1) duplicated += 1;
    if (item.decision && item.result) {
      approvedExample ??= id;
      approvalToExecution.push(
        Date.parse(item.result.startedAt) - Date.parse(item.decision.decidedAt),
      );
      const decided = events.find((event) => event.type === 'request.decided');
      const executing = executions[0];
      if (decided && executing) {
        recording.push(Date.parse(decided.at) - Date.parse(item.decision.decidedAt));
        handoff.push(Date.parse(executing.at) - Date.parse(decided.at));
      }
    }
  }
  for (const list of [approvalToExecution, recording, handoff]) list.sort((a, b) => a - b);

  // One request at a time, nothing else running: each one's latency and its own counts.
  const single = {
    allowed: [] as Record<string, number>[],
    approval: [] as Record<string, number>[],
  };
  const singleLatencies: number[] = [];
  const singleCommitted = { allowed: 0, approval: 0 };
  let singleRetries = 0;
  for (let index = 0; index < SINGLES_ALLOWED + SINGLES; index++) {
    const needsApproval = index >= SINGLES_ALLOWED;
    const before = dynamoTap.snapshot().sent;
    const retriesBefore = approverRetries;
    const answer = await submit(`U_SINGLE_${index}`, needsApproval);
    if (!answer.ok) continue;
    await within(started.settled(answer.requestId), SINGLE_DEADLINE_MS);
    await within(Promise.all(approvals), SINGLE_DEADLINE_MS);
    const sent = difference(dynamoTap.snapshot().sent, before);
    const retries = approverRetries - retriesBefore;
    singleRetries += retries;
    // The approver's early tries each read the request once; they are the script's, not the
    // workflow's, so they are left out of the per-kind counts.
    if (retries > 0) sent.GetItem = (sent.GetItem ?? 0) - retries;
    (needsApproval ? single.approval : single.allowed).push(sent);
    const events = await started.stores.audit.list(answer.requestId);
    singleCommitted[needsApproval ? 'approval' : 'allowed'] += events.length;
    const item = await started.stores.approvals.get(answer.requestId);
    if (needsApproval && item?.decision && item.result) {
      singleLatencies.push(Date.parse(item.result.startedAt) - Date.parse(item.decision.decidedAt));
    }
  }
  singleLatencies.sort((a, b) => a - b);
  const sumOf = (list: Record<string, number>[]) => {
    const sum: Record<string, number> = {};
    for (const counts of list)
      for (const [operation, count] of Object.entries(counts))
        sum[operation] = (sum[operation] ?? 0) + count;
    return sum;
  };

  const templates = approvedExample
    ? await readTemplates(dynamo.endpoint, TABLE_PREFIX, approvedExample)
    : undefined;
  await started.stop();
  runtime = undefined;

  // DynamoDB Local alone, at the concurrency the workflow reached, with nothing else running.
  const concurrency = Math.max(1, counted.peakTransactionsInFlight);
  let ceiling: Awaited<ReturnType<typeof measureTransactionCeiling>> | undefined;
  let ceilingCpu: ReturnType<ReturnType<typeof cpuMeter>> | undefined;
  if (templates) {
    const meter = cpuMeter(dynamo.pid);
    ceiling = await measureTransactionCeiling({
      endpoint: dynamo.endpoint,
      concurrency,
      maxTransactions: CEILING_MAX_TRANSACTIONS,
      maxMs: CEILING_MAX_MS,
      ...templates,
    });
    ceilingCpu = meter();
  }
  await stopEverything();

  const measured = ids.length;
  const transactions = counted.sent[TRANSACTION] ?? 0;
  const reads = total(counted.sent, READ_OPERATIONS);
  const plainWrites = total(counted.sent, PLAIN_WRITE_OPERATIONS);
  const rps = round(terminal / (elapsedMs / 1000), 1);
  const txnPerRequest = transactions / measured;
  const ddbTxnPerS = ceiling?.perSecond ?? Number.NaN;
  const figures = {
    requests: REQUESTS,
    terminal,
    lost: REQUESTS - terminal,
    duplicated,
    rps,
    approval_to_exec_p50_ms: percentile(approvalToExecution, 50),
    approval_to_exec_p99_ms: percentile(approvalToExecution, 99),
    txn_per_request: round(txnPerRequest, 2),
    reads_per_request: round(reads / measured, 2),
    ddb_txn_per_s: round(ddbTxnPerS, 1),
    efficiency: round((rps * txnPerRequest) / ddbTxnPerS, 3),
    single_approval_to_exec_ms: percentile(singleLatencies, 50),
  };

  const allowedCounts = perRequest(sumOf(single.allowed), single.allowed.length);
  const approvalCounts = perRequest(sumOf(single.approval), single.approval.length);
  console.log(`workflow: ${REQUESTS} concurrent direct-mode requests, half approved by a script`);
  console.log(`  statuses              ${JSON.stringify(statuses)}`);
  console.log(
    `  terminal              ${terminal} of ${REQUESTS} in ${(elapsedMs / 1000).toFixed(2)} s (${rps} requests/s)`,
  );
  console.log(`  lost / duplicated     ${figures.lost} / ${duplicated}`);
  console.log(
    `  approval -> execution p50 ${figures.approval_to_exec_p50_ms} ms, p99 ${figures.approval_to_exec_p99_ms} ms (${approvalToExecution.length} approved)`,
  );
  console.log(
    `    of which: recording the decision p50 ${percentile(recording, 50)} ms, p99 ${percentile(recording, 99)} ms; ` +
      `hand-off to the execute step p50 ${percentile(handoff, 50)} ms, p99 ${percentile(handoff, 99)} ms`,
  );
  console.log(`  CPU during the run    ${describeCpu(runCpu)}`);
  console.log(`DynamoDB requests of the ${measured} measured requests, counted on the wire:`);
  console.log(`  per request           ${JSON.stringify(perRequest(counted.sent, measured))}`);
  console.log(
    `  refused by DynamoDB   ${JSON.stringify(counted.refused)} (cancelled transactions are sent again)`,
  );
  console.log(
    `  transactions          ${figures.txn_per_request} sent per request, ${round(committed / measured, 2)} committed (audit events); plain writes ${round(plainWrites / measured, 2)}`,
  );
  console.log(
    `  reads                 ${figures.reads_per_request} per request, of which ${round(runRetries / measured, 2)} the approver script asking early (${runRetries} early tries)`,
  );
  const allSent = Object.values(counted.sent).reduce((sum, count) => sum + count, 0);
  console.log(
    `  DynamoDB Local served ${round(allSent / (elapsedMs / 1000), 1)} requests/s: ${round(transactions / (elapsedMs / 1000), 1)} transactions/s, ${round(reads / (elapsedMs / 1000), 1)} reads/s`,
  );
  console.log(
    `  transactions in flight peak ${counted.peakTransactionsInFlight}, mean ${counted.meanTransactionsInFlight.toFixed(1)}`,
  );
  console.log(`one request at a time (approver's early tries left out):`);
  console.log(
    `  allowed (${single.allowed.length})           ${JSON.stringify(allowedCounts)}, ${round(singleCommitted.allowed / Math.max(1, single.allowed.length), 2)} committed transactions (expected 3)`,
  );
  console.log(
    `  approval-required (${single.approval.length}) ${JSON.stringify(approvalCounts)}, ${round(singleCommitted.approval / Math.max(1, single.approval.length), 2)} committed transactions (expected 5)`,
  );
  console.log(
    `  approval -> execution median ${figures.single_approval_to_exec_ms} ms, min ${singleLatencies[0]} ms, max ${singleLatencies.at(-1)} ms (${singleRetries} early approver tries)`,
  );
  if (ceiling && ceilingCpu) {
    console.log(
      `DynamoDB Local alone: TransactWriteItems (conditional Update + audit Put), ${concurrency} in flight`,
    );
    console.log(
      `  ${ceiling.transactions} transactions in ${(ceiling.elapsedMs / 1000).toFixed(2)} s: ${figures.ddb_txn_per_s} per s, p50 ${ceiling.p50Ms.toFixed(1)} ms, ${ceiling.refused} refused`,
    );
    console.log(`  CPU                   ${describeCpu(ceilingCpu)}`);
  }
  console.log(
    `  efficiency            ${figures.efficiency} (${rps} requests/s x ${figures.txn_per_request} transactions / ${figures.ddb_txn_per_s} per s)`,
  );
  console.log(`targets: 0 lost, 0 duplicated, p99 approval -> execution under 500 ms`);
  console.log(JSON.stringify(figures));
} finally {
  await stopEverything();
}
