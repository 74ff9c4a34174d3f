import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from '@agentcore/local';
import { describe, expect, it } from 'vitest';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('DynamoDB Local', () => {
  it('does not outlive a process that is killed outright', async () => {
    // Prepare: a process that starts DynamoDB Local and prints its pid.
    const script =
      "import { startDynamoDbLocal } from '@agentcore/local';" +
      'const dynamo = await startDynamoDbLocal();' +
      'process.stdout.write(String(dynamo.pid) + "\\n");' +
      'setInterval(() => {}, 1000);';
    const owner = spawn(
      process.execPath,
      ['--conditions=agentcore-source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: join(repositoryRoot(), 'test'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const javaPid = await new Promise<number>((resolve, reject) => {
      owner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    const runningBefore = isRunning(javaPid);

    // Act: no exit handler runs on SIGKILL.
    owner.kill('SIGKILL');
    let stillRunning = true;
    for (let attempt = 0; attempt < 50 && stillRunning; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stillRunning = isRunning(javaPid);
    }

    // Assess
    expect(runningBefore).toBe(true);
    expect(stillRunning).toBe(false);
  });
});
