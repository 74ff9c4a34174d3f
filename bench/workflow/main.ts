// bench/workflow: 100 concurrent requests through the local runtime (direct mode), half of them
// needing approval and approved by a script as soon as it is notified. Every request must reach a
// terminal status exactly once. Prints readable figures, then one JSON line.
import { startLocalRuntime } from '@agentcore/local';
import { DEFAULT_POLICY_SOURCES } from '@agentcore/policy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

const REQUESTS = Number(process.argv[2] ?? 100);
const DEADLINE_MS = 120_000;

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

// The approver script reads the approval notifications, as a person would, and approves each
// request as soon as it is asked to.
const approvals: Promise<unknown>[] = [];
function approveFromNotification(text: string) {
  const requestId = /hitl-mcp approve (\w{26}) /.exec(text)?.[1];
  if (!requestId) return;
  approvals.push(
    approval({
      operation: 'record_decision',
      decision: { requestId, approver: 'U_BENCH_APPROVER', verdict: 'approved' },
    }),
  );
}

const runtime = await startLocalRuntime({
  notify: approveFromNotification,
  groups: { U_BENCH_APPROVER: ['approvers'] },
  policies: [...DEFAULT_POLICY_SOURCES, APPROVAL_POLICY],
});
const lambda = new LambdaClient({
  region: runtime.region,
  endpoint: runtime.endpoint,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 3,
});
async function approval<T>(event: unknown): Promise<T> {
  const result = await lambda.send(
    new InvokeCommand({
      FunctionName: runtime.functions.requests,
      Payload: Buffer.from(JSON.stringify(event)),
    }),
  );
  return JSON.parse(Buffer.from(result.Payload ?? []).toString('utf8')) as T;
}

// Warm up: the first requests connect the MCP servers, build the policy engine and let the JIT
// of DynamoDB Local's JVM settle, so the figures describe a running system, not a cold one.
const WARM_UP = Number(process.argv[3] ?? 40);
const warm = await Promise.all(
  Array.from({ length: WARM_UP }, () =>
    approval<{ requestId: string }>({
      operation: 'submit',
      request: {
        requester: { userId: 'U_WARMUP' },
        origin: { source: 'api' },
        toolCalls: [{ tool: 'gifs__search_gifs', arguments: { query: 'warm' } }],
      },
    }),
  ),
);
await Promise.all(warm.map((answer) => runtime.settled(answer.requestId)));

const started = performance.now();
const submitted = await Promise.all(
  Array.from({ length: REQUESTS }, (_, index) =>
    approval<{ ok: boolean; requestId: string }>({
      operation: 'submit',
      request: {
        requester: { userId: `U_BENCH_${index}` },
        origin: { source: 'api' },
        toolCalls: [
          index % 2 === 0
            ? { tool: 'gifs__search_gifs', arguments: { query: 'cat' } }
            : { tool: 'gifs__get_random_gif', arguments: { tag: 'dog' } },
        ],
      },
    }),
  ),
);
const ids = submitted.filter((answer) => answer.ok).map((answer) => answer.requestId);

let deadline: NodeJS.Timeout | undefined;
await Promise.race([
  Promise.all(ids.map((id) => runtime.settled(id))),
  new Promise((resolve) => {
    deadline = setTimeout(resolve, DEADLINE_MS);
  }),
]);
clearTimeout(deadline);
const elapsedMs = performance.now() - started;
await Promise.all(approvals);

let terminal = 0;
let duplicated = 0;
const approvalToExecution: number[] = [];
// Where the time between an approval and its execution goes: recording the decision, then the
// hand-off (task token -> state machine -> execute function -> status change).
const recording: number[] = [];
const handoff: number[] = [];
const statuses: Record<string, number> = {};
for (const id of ids) {
  const item = await runtime.stores.approvals.get(id);
  if (!item) continue;
  statuses[item.status] = (statuses[item.status] ?? 0) + 1;
  if (['completed', 'failed', 'rejected', 'expired', 'denied', 'cancelled'].includes(item.status))
    terminal += 1;
  const events = await runtime.stores.audit.list(id);
  const executions = events.filter(
    (event) => event.type === 'request.status_changed' && event.data.to === 'executing',
  );
  if (executions.length > 1) duplicated += 1;
  if (item.decision && item.result) {
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
lambda.destroy();
await runtime.stop();

const figures = {
  requests: REQUESTS,
  terminal,
  lost: REQUESTS - terminal,
  duplicated,
  rps: Math.round((terminal / (elapsedMs / 1000)) * 10) / 10,
  approval_to_exec_p50_ms: percentile(approvalToExecution, 50),
  approval_to_exec_p99_ms: percentile(approvalToExecution, 99),
};
console.log(`workflow: ${REQUESTS} concurrent direct-mode requests, half approved by a script`);
console.log(`  statuses              ${JSON.stringify(statuses)}`);
console.log(
  `  terminal              ${terminal} of ${REQUESTS} in ${(elapsedMs / 1000).toFixed(2)} s (${figures.rps} requests/s)`,
);
console.log(`  lost / duplicated     ${figures.lost} / ${duplicated}`);
console.log(
  `  approval -> execution p50 ${figures.approval_to_exec_p50_ms} ms, p99 ${figures.approval_to_exec_p99_ms} ms (${approvalToExecution.length} approved)`,
);
console.log(
  `    of which: recording the decision p50 ${percentile(recording, 50)} ms, p99 ${percentile(recording, 99)} ms; ` +
    `hand-off to the execute step p50 ${percentile(handoff, 50)} ms, p99 ${percentile(handoff, 99)} ms`,
);
console.log(`targets: 0 lost, 0 duplicated, p99 approval -> execution under 500 ms`);
console.log(JSON.stringify(figures));
