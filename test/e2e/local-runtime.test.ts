import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@agentcore/local';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'agentcore-start-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Processes whose command line mentions `text` (our runtime's children name its data folder). */
function processesMentioning(text: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(text) && !line.includes(' ps -eo'));
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
    const childrenBeforeStop = processesMentioning(dataDir);
    child.kill('SIGINT');
    const code = await exited;

    // Assess
    expect(output).toMatch(/DynamoDB Local\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/AWS APIs\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain('agentcore-local-approval');
    expect(output).toContain(dataDir);
    expect(childrenBeforeStop.some((line) => line.includes('DynamoDBLocal.jar'))).toBe(true);
    expect(code).toBe(0);
    expect(output).toContain('stopped; nothing left running');
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});
