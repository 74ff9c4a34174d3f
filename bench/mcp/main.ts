// Per-call overhead of the MCP client: in-process (InMemoryTransport) vs a stdio child process,
// and with the allowlist gate (session + pins) vs without, on a trivial echo tool.
// Run: npm run bench -- mcp   (last line: {"inmemory_us":…,"stdio_us":…,"gate_overhead_ratio":…})
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { McpClient } from '@agentcore/mcp';
// The fixture servers of the client's own tests: real SDK servers with a trivial `echo` tool.
import { stdioServer } from '../../packages/mcp/test/fixtures/launch.js';
import { buildBetaServer } from '../../packages/mcp/test/fixtures/servers.js';

const CALLS = 1_000;
// In-process calls take microseconds, so the JIT needs a few thousand to settle; warm-up calls
// are not counted.
const WARMUP = 3_000;
const TARGET_INMEMORY_US = 200;
const TARGET_GATE_RATIO = 1.1;

type Call = () => Promise<unknown>;

/** Per-call durations in nanoseconds. */
async function timeCalls(call: Call, count: number): Promise<bigint[]> {
  const durations: bigint[] = [];
  for (let i = 0; i < count; i++) durations.push(await timed(call));
  return durations;
}

async function timed(call: Call): Promise<bigint> {
  const start = process.hrtime.bigint();
  await call();
  return process.hrtime.bigint() - start;
}

/**
 * Runs `count` calls of each, interleaved call by call and swapping which goes first in every
 * pair, so drift (JIT, GC, other processes on the machine) and order effects hit both alike.
 */
async function compare(a: Call, b: Call, count: number): Promise<[bigint[], bigint[]]> {
  const durationsA: bigint[] = [];
  const durationsB: bigint[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      durationsA.push(await timed(a));
      durationsB.push(await timed(b));
    } else {
      durationsB.push(await timed(b));
      durationsA.push(await timed(a));
    }
  }
  return [durationsA, durationsB];
}

/** Median in microseconds: a shared machine's scheduling hiccups would swamp a mean of µs calls. */
function medianUs(durations: bigint[]): number {
  const sorted = [...durations].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  const middle =
    sorted.length % 2 === 1
      ? Number(sorted[mid])
      : (Number(sorted[mid - 1]) + Number(sorted[mid])) / 2;
  return middle / 1_000;
}

function meanUs(durations: bigint[]): number {
  return Number(durations.reduce((sum, d) => sum + d, 0n)) / 1_000 / durations.length;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function main(): Promise<void> {
  const mcp = new McpClient({
    servers: [stdioServer('proc')],
    builtins: { beta: buildBetaServer },
    launch: {
      nodeExecutable: process.execPath,
      typescriptLoader: pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
    },
  });
  try {
    const pins = await mcp.pinTools(['beta__echo']);
    const session = mcp.openSession({ allowedTools: ['beta__echo'], pins });
    const args = { text: 'ping' };
    const inMemory: Call = () => mcp.callTool('beta__echo', args);
    const throughGate: Call = () => session.callTool('beta__echo', args);
    const stdio: Call = () => mcp.callTool('proc__echo', args);

    await timeCalls(inMemory, WARMUP);
    await timeCalls(throughGate, WARMUP);
    await timeCalls(stdio, WARMUP);

    const [ungated, gated] = await compare(inMemory, throughGate, CALLS);
    const overStdio = await timeCalls(stdio, CALLS);
    const ungatedUs = medianUs(ungated);
    const gatedUs = medianUs(gated);
    const stdioUs = medianUs(overStdio);
    const ratio = gatedUs / ungatedUs;

    const line = (label: string, durations: bigint[], note = '') =>
      console.log(
        `  ${label.padEnd(40)} median ${medianUs(durations).toFixed(1).padStart(7)} µs/call` +
          `  mean ${meanUs(durations).toFixed(1).padStart(7)} µs${note}`,
      );
    console.log(`MCP client per-call overhead: ${CALLS} calls each, trivial echo tool`);
    line('in-process (InMemoryTransport), no gate', ungated);
    line('in-process, allowlist gate + pin check', gated, `   gate ${ratio.toFixed(3)}x`);
    line(
      'stdio child process, no gate',
      overStdio,
      `   ${(stdioUs / ungatedUs).toFixed(1)}x in-process`,
    );
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `targets: in-memory < ${TARGET_INMEMORY_US} µs/call ${verdict(ungatedUs < TARGET_INMEMORY_US)}; ` +
        `gate overhead < ${TARGET_GATE_RATIO}x ${verdict(ratio < TARGET_GATE_RATIO)} (medians)`,
    );
    console.log(
      JSON.stringify({
        inmemory_us: round(ungatedUs, 1),
        stdio_us: round(stdioUs, 1),
        gate_overhead_ratio: round(ratio, 3),
      }),
    );
  } finally {
    await mcp.close();
  }
}

await main();
