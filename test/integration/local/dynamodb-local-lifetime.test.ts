import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from '@agentcore/local';
import { afterEach, describe, expect, it } from 'vitest';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Polling for another process to go is bounded generously: the reaper beside DynamoDB Local
// looks every second, and a loaded machine may run it late. Nothing asserts how long it took.
const POLL_MS = 100;
const GONE_WITHIN_MS = 60_000;

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += POLL_MS) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return !isRunning(pid);
}

describe('DynamoDB Local', () => {
  let owner: ChildProcess | undefined;
  let javaPid: number | undefined;

  afterEach(() => {
    // Whatever the outcome, leave neither process behind for the rest of the run.
    owner?.kill('SIGKILL');
    if (javaPid !== undefined && isRunning(javaPid)) process.kill(javaPid, 'SIGKILL');
    owner = undefined;
    javaPid = undefined;
  });

  // Starting Java (up to its own 60 s start timeout) and the wait below both take longer when the
  // machine is busy, so this test's limit covers both.
  it('does not outlive a process that is killed outright', { timeout: 150_000 }, async () => {
    // Prepare: a process that starts DynamoDB Local and prints its pid.
    const script =
      "import { startDynamoDbLocal } from '@agentcore/local';" +
      'const dynamo = await startDynamoDbLocal();' +
      'process.stdout.write(String(dynamo.pid) + "\\n");' +
      'setInterval(() => {}, 1000);';
    const child = spawn(
      process.execPath,
      ['--conditions=agentcore-source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: join(repositoryRoot(), 'test'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    owner = child;
    const pid = await new Promise<number>((resolve, reject) => {
      let printed = '';
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        if (printed.includes('\n')) resolve(Number(printed.trim()));
      });
      child.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    javaPid = pid;
    const runningBefore = isRunning(pid);

    // Act: no exit handler runs on SIGKILL.
    child.kill('SIGKILL');
    const gone = await goneWithin(pid, GONE_WITHIN_MS);

    // Assess
    expect(runningBefore).toBe(true);
    expect(gone).toBe(true);
  });
});
