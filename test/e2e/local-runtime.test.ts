import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@agentcore/local';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'agentcore-start-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start (the local runtime)', () => {
  it('comes up, says where things are, and stops on Ctrl-C leaving no process behind', async () => {
    // Prepare
    const child = spawn(
      process.execPath,
      ['--conditions=agentcore-source', '--import', 'tsx', 'packages/local/src/main.ts'],
      { cwd: repositoryRoot(), env: { ...process.env, AGENTCORE_DATA_DIR: dataDir } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );

    // Act
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no banner within 45 s:\n${output}`)),
        45_000,
      );
      child.stdout.on('data', () => {
        if (output.includes('Press Ctrl-C to stop.')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const javaPid = Number(/DynamoDB Local\s+\S+\s+\(pid (\d+)/.exec(output)?.[1]);
    const runningBeforeStop = isRunning(javaPid);
    child.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(output).toMatch(/DynamoDB Local\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain('agentcore-local-approvals');
    expect(output).toContain(join(dataDir, 'dynamodb'));
    expect(runningBeforeStop).toBe(true);
    expect(code).toBe(0);
    expect(isRunning(javaPid)).toBe(false);
  });
});
