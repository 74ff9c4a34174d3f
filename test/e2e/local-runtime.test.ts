import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeFileSchema, runCli } from '@agentcore/cli';
import { repositoryRoot } from '@agentcore/local';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = 'apps/local/src/main.ts';
const dataDir = mkdtempSync(join(tmpdir(), 'agentcore-start-'));
const sharedDir = mkdtempSync(join(tmpdir(), 'agentcore-twice-'));

const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(sharedDir, { recursive: true, force: true });
});

/** `npm start` on `dir`: its output so far, its exit code, and a wait for its banner. */
function startMain(dir: string) {
  const child = spawn(
    process.execPath,
    ['--conditions=agentcore-source', '--import', 'tsx', MAIN],
    {
      cwd: repositoryRoot(),
      env: { ...process.env, AGENTCORE_DATA_DIR: dir },
    },
  );
  started.push(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Event-driven: the banner, or the process ending first. How long that takes is bounded by the
  // test's own timeout, generous for a loaded machine, never by a timer of ours.
  const banner = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`exited (${code}) before its banner:\n${output}`));
    });
  });
  // Only awaited for a runtime expected to come up; one refused exits before its banner.
  banner.catch(() => undefined);
  return { child, exited, banner, output: () => output };
}

/** Processes whose command line mentions `text` (our runtime's children name its data folder). */
function processesMentioning(text: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(text) && !line.includes(' ps -eo'));
}

describe('npm start (the local runtime)', () => {
  it('comes up, says where things are, and stops on Ctrl-C leaving no process behind', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const main = startMain(dataDir);

    // Act
    await main.banner;
    const childrenBeforeStop = processesMentioning(dataDir);
    main.child.kill('SIGINT');
    const code = await main.exited;
    const output = main.output();

    // Assess
    expect(output).toMatch(/DynamoDB Local\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/AWS APIs\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain('agentcore-local-workflow-steps');
    expect(output).toContain(dataDir);
    expect(childrenBeforeStop.some((line) => line.includes('DynamoDBLocal.jar'))).toBe(true);
    expect(code).toBe(0);
    expect(output).toContain('stopped; nothing left running');
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('refuses a second start on the same data folder, naming the one running, and leaves it be', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const first = startMain(sharedDir);
    await first.banner;
    const runtimeFile = join(sharedDir, 'runtime.json');
    const runtimeBefore = readFileSync(runtimeFile, 'utf8');
    const { endpoint, pid } = RuntimeFileSchema.parse(JSON.parse(runtimeBefore));
    const lockBefore = readFileSync(join(sharedDir, 'runtime.lock'), 'utf8');
    const filesBefore = readdirSync(sharedDir).sort();

    // Act
    const second = startMain(sharedDir);
    const code = await second.exited;
    const answer = await runCli(['approvals', 'list'], {
      env: {},
      runtimeFile,
      progress: () => undefined,
    });
    const filesAfter = readdirSync(sharedDir).sort();
    const lockAfter = readFileSync(join(sharedDir, 'runtime.lock'), 'utf8');
    const runtimeAfter = readFileSync(runtimeFile, 'utf8');
    first.child.kill('SIGINT');
    const firstCode = await first.exited;

    // Assess
    expect(code).not.toBe(0);
    expect(second.output()).toContain('already running');
    expect(second.output()).toContain(`pid ${pid}`);
    expect(second.output()).toContain(endpoint);
    expect(second.output()).not.toContain('DynamoDB Local');
    expect(answer.code, answer.stderr).toBe(0);
    expect(pid).toBe(first.child.pid);
    expect(filesAfter).toEqual(filesBefore);
    expect(lockAfter).toBe(lockBefore);
    expect(runtimeAfter).toBe(runtimeBefore);
    expect(firstCode).toBe(0);
    expect(readdirSync(sharedDir)).not.toContain('runtime.lock');
  });
});
