// bench/slack: how fast the Slack gateway acknowledges signed events (Slack allows 3000 ms).
// 2000 signed app_mention events, each a new request, through the whole ack path: signature,
// parsing, the bot/subtype filters, the event_id and channel:ts claims, the directory, the
// thread's session, the placeholder post, the request recorded and its workflow started, the
// ledger. The stores, the workflow starter and Slack are the in-memory fakes of the gateway's
// ports, so the figures are the gateway's own work; on AWS each store call adds a DynamoDB round
// trip. Measured in-process (app.request) and over loopback HTTP (@hono/node-server), and in the
// same run a bare node:http server answering 200 to the same requests from the same client.
// Usage: npm run bench -- slack [events, 2000]. Readable figures, then one JSON line.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fixedSlackCredentials,
  InMemorySlackMessageLedger,
  type PeopleDirectory,
  SlackNotifier,
} from '@agentcore/adapters';
import { capturedTelemetry } from '@agentcore/adapters/testing';
import { DuplicateError } from '@agentcore/core';
import { createApp, type GatewayDeps, serveGateway } from '@agentcore/service-slack-gateway';
import { signSlackRequest } from '@agentcore/slack';
import type { StoredSlackSession } from '@agentcore/store';
import {
  InMemoryApprovalRepository,
  RecordingExecutionStarter,
  RecordingTaskTokens,
} from '@agentcore/workflow/testing';

const EVENTS = Math.min(Math.max(Number(process.argv[2] ?? 2000), 100), 20_000);
const WARM = 200;
const SECRET = 'bench-signing-secret';
const BOT = 'U_BENCHBOT';
const OVERALL_LIMIT_MS = 5 * 60_000;

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

function gatewayDeps(): GatewayDeps {
  let ts = 1_700_000_000;
  const slack = {
    postMessage: async (args: { channel: string }) => {
      ts += 1;
      return { channel: args.channel, ts: `${ts}.000100` };
    },
    updateMessage: async (args: { channel: string; ts: string }) => args,
    postEphemeral: async () => ({ messageTs: '1.1' }),
    openView: async () => ({ viewId: 'V1' }),
    setThreadStatus: async () => ({ applied: true }),
  };
  const claimed = new Set<string>();
  const sessions = new Map<string, StoredSlackSession>();
  const ledger = new InMemorySlackMessageLedger();
  const person = {
    userId: 'U_ALICE',
    displayName: 'Alice',
    email: 'alice@example.com',
    groups: [],
  };
  const directory: PeopleDirectory = {
    person: async (userId) => (userId === person.userId ? person : undefined),
    groupsOf: async () => [],
  };
  const clock = () => new Date();
  return {
    telemetry: capturedTelemetry('slack-gateway', {}).telemetry,
    clock,
    credentials: fixedSlackCredentials({ signing_secret: SECRET, bot_token: 'xoxb-bench' }),
    slack: async () => slack,
    exchangeInstallCode: async () => ({}),
    authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    claims: {
      claim: async (key) => {
        if (claimed.has(key)) throw new DuplicateError(key);
        claimed.add(key);
      },
    },
    sessions: {
      get: async (thread) => sessions.get(`${thread.channelId}:${thread.threadTs}`),
      save: async (thread, input) => {
        const threadKey = `${thread.channelId}:${thread.threadTs}`;
        sessions.set(threadKey, { ...input, threadKey, updatedAt: 0, ttl: 0 });
      },
    },
    directory,
    ledger,
    progress: new SlackNotifier({ slack: async () => slack, ledger, clock }).progress,
    approvals: new InMemoryApprovalRepository(clock),
    executions: new RecordingExecutionStarter(),
    tokens: new RecordingTaskTokens(),
    policy: { decide: async () => ({ outcome: 'deny', policyIds: [], reason: 'bench' }) },
    pinner: { pin: async () => ({}) },
    environment: 'dev',
    botUserId: BOT,
  };
}

/** Event `n`, signed now, as Slack sends it. */
function signedEvent(n: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${n}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: BOT, is_bot: true }],
    event: {
      type: 'app_mention',
      user: 'U_ALICE',
      text: `<@${BOT}> reset 2FA for user${n}@example.com`,
      ts: `${1_800_000_000 + n}.000100`,
      channel: 'C_BENCH',
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest({ signingSecret: SECRET, rawBody: body, timestamp }),
    },
  };
}

/** Sends events `from`..`from+count` one after another; each answer's latency in ms. */
async function drive(
  from: number,
  count: number,
  send: (event: ReturnType<typeof signedEvent>) => Promise<number>,
): Promise<{ latencies: number[]; unexpected: number }> {
  const latencies: number[] = [];
  let unexpected = 0;
  for (let n = from; n < from + count; n += 1) {
    const event = signedEvent(n);
    const started = performance.now();
    const status = await send(event);
    latencies.push(performance.now() - started);
    if (status !== 200) unexpected += 1;
  }
  latencies.sort((a, b) => a - b);
  return { latencies, unexpected };
}

function bareServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server });
    });
  });
}

const limit = setTimeout(() => {
  console.error(`bench/slack: still running after ${OVERALL_LIMIT_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, OVERALL_LIMIT_MS);
limit.unref();

const deps = gatewayDeps();
const app = createApp(deps);
const served = await serveGateway(createApp(gatewayDeps()));
const bare = await bareServer();
try {
  const inProcess = async (event: ReturnType<typeof signedEvent>) => {
    const response = await app.request('/slack/events', {
      method: 'POST',
      headers: event.headers,
      body: event.body,
    });
    await response.arrayBuffer();
    return response.status;
  };
  const overHttp = (url: string) => (event: ReturnType<typeof signedEvent>) =>
    fetch(`${url}/slack/events`, { method: 'POST', headers: event.headers, body: event.body }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
    );

  await drive(0, WARM, inProcess);
  await drive(0, WARM, overHttp(served.url));
  await drive(0, WARM, overHttp(bare.url));
  const local = await drive(WARM, EVENTS, inProcess);
  const http = await drive(WARM, EVENTS, overHttp(served.url));
  const plain = await drive(WARM, EVENTS, overHttp(bare.url));
  const started = (deps.executions as RecordingExecutionStarter).started.length;

  const figures = {
    ack_p50_ms: round(percentile(local.latencies, 50)),
    ack_p99_ms: round(percentile(local.latencies, 99)),
    http_ack_p50_ms: round(percentile(http.latencies, 50)),
    http_ack_p99_ms: round(percentile(http.latencies, 99)),
    bare_http_p50_ms: round(percentile(plain.latencies, 50)),
    bare_http_p99_ms: round(percentile(plain.latencies, 99)),
    http_vs_bare_p99_ratio: round(percentile(http.latencies, 99) / percentile(plain.latencies, 99)),
    events: EVENTS,
    workflows_started_in_process: started - WARM,
    unexpected_statuses: local.unexpected + http.unexpected + plain.unexpected,
  };
  const line = (label: string, latencies: number[]) =>
    `  ${label.padEnd(34)} p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms, max ${round(latencies.at(-1) ?? Number.NaN)} ms`;
  console.log(
    `slack: ${EVENTS} signed app_mention events, one client, one after another (after ${WARM} to warm up)`,
  );
  console.log(line('gateway in-process (app.request)', local.latencies));
  console.log(line('gateway over loopback HTTP', http.latencies));
  console.log(line('bare node:http answering 200', plain.latencies));
  console.log(
    `  each gateway ack verified the signature, claimed event_id and channel:ts, looked up the person and the thread, posted a placeholder, recorded the request and started its workflow (${figures.workflows_started_in_process} started in-process)`,
  );
  console.log(
    `  Slack allows 3000 ms; over HTTP the gateway's p99 is ${figures.http_vs_bare_p99_ratio}x the bare server's`,
  );
  console.log(
    '  stores, workflow starter and Slack are in-memory fakes of the ports: on AWS, add the DynamoDB and Step Functions round trips (about 5-6) and the chat.postMessage for the placeholder',
  );
  if (figures.unexpected_statuses > 0) {
    console.log(`  warning: ${figures.unexpected_statuses} answers were not 200`);
  }
  console.log(JSON.stringify(figures));
} finally {
  await served.close();
  await new Promise((resolve) => bare.server.close(resolve));
}
