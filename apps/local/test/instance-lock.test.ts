import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AlreadyRunningError,
  INSTANCE_LOCK_FILE,
  InstanceLock,
  InstanceLockError,
  type InstanceLockHolder,
  InstanceLockHolderSchema,
} from '../src/instance-lock.js';
import { repositoryRoot } from '../src/paths.js';

const dirs: string[] = [];
const locks: InstanceLock[] = [];

afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentcore-lock-'));
  dirs.push(dir);
  return dir;
}

async function acquire(dir: string): Promise<InstanceLock> {
  const lock = await InstanceLock.acquire(dir);
  locks.push(lock);
  return lock;
}

function readLock(dir: string): InstanceLockHolder {
  return InstanceLockHolderSchema.parse(
    JSON.parse(readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8')),
  );
}

function writeLock(dir: string, holder: Partial<InstanceLockHolder> & { pid: number }): void {
  const lock: InstanceLockHolder = {
    startTime: null,
    token: 'someone-else',
    acquiredAt: '2026-01-02T03:04:05.000Z',
    ...holder,
  };
  writeFileSync(join(dir, INSTANCE_LOCK_FILE), JSON.stringify(lock));
}

/** The pid of a process that has just exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('the child process did not start');
  return child.pid;
}

// Each contender waits for a start time on stdin, tries once at that time, prints the outcome as one JSON line, and
// holds what it got until its stdin ends: a winner that exited at once would leave a stale lock.
const CONTENDER = `
const { InstanceLock } = await import(process.env.LOCK_MODULE);
process.stdout.write('ready\\n');
process.stdin.once('data', async (go) => {
  // Spin to the same instant as the others, so they really collide.
  const at = Number(String(go).trim());
  while (performance.timeOrigin + performance.now() < at);
  try {
    const lock = await InstanceLock.acquire(process.env.DATA_DIR);
    process.stdout.write(JSON.stringify({ won: true, replaced: lock.replaced?.pid ?? null }) + '\\n');
    process.stdin.once('end', () => lock.release());
  } catch (error) {
    process.stdout.write(JSON.stringify({ won: false, holder: error.holder?.pid ?? null }) + '\\n');
  }
});
`;

interface Outcome {
  pid: number;
  won: boolean;
  replaced?: number | null;
  holder?: number | null;
}

function contender(dir: string): {
  child: ChildProcessWithoutNullStreams;
  line: (n: number) => Promise<string>;
  exited: Promise<unknown>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CONTENDER],
    {
      cwd: repositoryRoot(),
      env: {
        ...process.env,
        DATA_DIR: dir,
        LOCK_MODULE: pathToFileURL(join(import.meta.dirname, '../src/instance-lock.ts')).href,
      },
    },
  );
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = (n: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const lines = output.split('\n');
        if (lines.length > n + 1) resolve(lines[n] ?? '');
      };
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        check();
      });
      child.once('exit', () => reject(new Error(`contender exited early:\n${output}${errors}`)));
      check();
    });
  return { child, line, exited };
}

describe('InstanceLock: one local runtime per data folder', () => {
  it('goes to the first to ask, and records its pid and, later, its endpoint', async () => {
    // Prepare
    const dir = dataDir();

    // Act
    const lock = await acquire(dir);
    lock.setEndpoint('http://127.0.0.1:4010');

    // Assess
    expect(lock.replaced).toBeUndefined();
    expect(readLock(dir)).toMatchObject({ pid: process.pid, endpoint: 'http://127.0.0.1:4010' });
    expect(readdirSync(dir)).toEqual([INSTANCE_LOCK_FILE]);
  });

  it('refuses a second one with the holder pid and endpoint, touching nothing', async () => {
    // Prepare
    const dir = dataDir();
    const first = await acquire(dir);
    first.setEndpoint('http://127.0.0.1:4010');
    const before = readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8');

    // Act
    const second = await acquire(dir).catch((error: unknown) => error);

    // Assess
    expect(second).toBeInstanceOf(AlreadyRunningError);
    const refused = second as AlreadyRunningError;
    expect(refused.code).toBe('already_running');
    expect(refused.holder).toMatchObject({ pid: process.pid, endpoint: 'http://127.0.0.1:4010' });
    expect(refused.message).toContain(`pid ${process.pid}`);
    expect(refused.message).toContain('http://127.0.0.1:4010');
    expect(readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([INSTANCE_LOCK_FILE]);
  });

  it('takes over a lock whose process is gone, and says whose it was', async () => {
    // Prepare
    const dir = dataDir();
    const pid = await deadPid();
    writeLock(dir, { pid, endpoint: 'http://127.0.0.1:4010' });

    // Act
    const lock = await acquire(dir);

    // Assess
    expect(lock.replaced?.pid).toBe(pid);
    expect(readLock(dir).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual([INSTANCE_LOCK_FILE]);
  });

  it.runIf(process.platform === 'linux')(
    'takes over a lock whose pid now belongs to another process (pid reuse)',
    async () => {
      // Prepare
      const dir = dataDir();
      writeLock(dir, { pid: process.ppid, startTime: '1' });

      // Act
      const lock = await acquire(dir);

      // Assess
      expect(lock.replaced?.pid).toBe(process.ppid);
      expect(readLock(dir).pid).toBe(process.pid);
    },
  );

  it('refuses, and keeps, a lock it cannot read', async () => {
    // Prepare
    const dir = dataDir();
    writeFileSync(join(dir, INSTANCE_LOCK_FILE), 'not json');

    // Act
    const error = await acquire(dir).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InstanceLockError);
    expect((error as InstanceLockError).code).toBe('unreadable_lock');
    expect(readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8')).toBe('not json');
  });

  it('removes the lock on release, so the next start is not a takeover', async () => {
    // Prepare
    const dir = dataDir();
    const lock = await acquire(dir);

    // Act
    lock.release();
    const next = await acquire(dir);

    // Assess
    expect(next.replaced).toBeUndefined();
    next.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves alone a lock that is no longer its own when released', async () => {
    // Prepare
    const dir = dataDir();
    const lock = await acquire(dir);
    writeLock(dir, { pid: process.ppid });
    const theirs = readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8');

    // Act
    lock.release();

    // Assess
    expect(readFileSync(join(dir, INSTANCE_LOCK_FILE), 'utf8')).toBe(theirs);
  });

  it.each([
    ['on a free folder', false],
    ['on a folder with a stale lock', true],
  ])(
    'lets exactly one of several processes starting at once win %s',
    async (_, stale) => {
      // Prepare
      const dir = dataDir();
      const stalePid = stale ? await deadPid() : undefined;
      if (stalePid !== undefined) writeLock(dir, { pid: stalePid });
      const contenders = Array.from({ length: 6 }, () => contender(dir));
      await Promise.all(contenders.map(({ line }) => line(0)));

      // Act
      const at = Date.now() + 50;
      for (const { child } of contenders) child.stdin.write(`${at}\n`);
      const outcomes: Outcome[] = await Promise.all(
        contenders.map(async ({ child, line }) => ({
          pid: child.pid ?? 0,
          ...(JSON.parse(await line(1)) as Omit<Outcome, 'pid'>),
        })),
      );
      const held = readLock(dir);
      for (const { child } of contenders) child.stdin.end();
      await Promise.all(contenders.map(({ exited }) => exited));

      // Assess
      const winners = outcomes.filter((outcome) => outcome.won);
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      expect(held.pid).toBe(winner?.pid);
      expect(winner?.replaced ?? undefined).toBe(stalePid);
      for (const loser of outcomes.filter((outcome) => !outcome.won)) {
        expect(loser.holder).toBe(winner?.pid);
      }
      expect(readdirSync(dir)).toEqual([]);
    },
    30_000,
  );
});
