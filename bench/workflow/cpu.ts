// Who used the CPU during a stretch of the benchmark: this process (the workflow: our functions,
// the state machine, the SDK clients) and DynamoDB Local's JVM, in cores (1.0 = one core busy).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

function clockTicksPerSecond(): number {
  try {
    return (
      Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2_000 })) || 100
    );
  } catch {
    return 100;
  }
}
const TICKS = clockTicksPerSecond();

/** CPU seconds a process has used, user and system together (Linux /proc); undefined elsewhere. */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so it ends at the last ')').
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

export interface CpuShare {
  /** Cores this process kept busy on average. */
  self: number;
  /** Cores DynamoDB Local kept busy on average; undefined where /proc is not readable. */
  dynamo: number | undefined;
  cores: number;
  /** The machine's 1-minute load average at the end (other work on the machine shows here). */
  load1: number;
}

/** Starts measuring; the returned function ends the stretch and reports it. */
export function cpuMeter(dynamoPid: number | undefined): () => CpuShare {
  const started = performance.now();
  const self = process.cpuUsage();
  const dynamo = processCpuSeconds(dynamoPid);
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(self);
    const dynamoNow = processCpuSeconds(dynamoPid);
    return {
      self: (used.user + used.system) / 1e6 / seconds,
      dynamo:
        dynamo === undefined || dynamoNow === undefined
          ? undefined
          : (dynamoNow - dynamo) / seconds,
      cores: cpus().length,
      load1: loadavg()[0] ?? Number.NaN,
    };
  };
}

export function describeCpu(share: CpuShare): string {
  const dynamo = share.dynamo === undefined ? 'n/a' : share.dynamo.toFixed(2);
  return `this process ${share.self.toFixed(2)} cores, DynamoDB Local ${dynamo} cores (of ${share.cores}; load average ${share.load1.toFixed(1)})`;
}
