import { randomUUID } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as z from 'zod';

/** The file in a data folder that says which process runs the local runtime on it. */
export const INSTANCE_LOCK_FILE = 'runtime.lock';

export const InstanceLockHolderSchema = z.object({
  pid: z.number().int().positive(),
  /**
   * When that process started, as the kernel counts it (`/proc/<pid>/stat`, field 22), so a dead
   * holder's pid reused by an unrelated process is still seen as dead. Null off Linux: there we
   * rely on the pid alone, as reading another process's start time means spawning `ps`.
   */
  startTime: z.string().nullable(),
  /** Unique per acquisition: tells our own lock from one left by an earlier process with our pid. */
  token: z.string().min(1),
  acquiredAt: z.string(),
  /** The holder's AWS API endpoint, once it answers. */
  endpoint: z.string().optional(),
});
export type InstanceLockHolder = z.infer<typeof InstanceLockHolderSchema>;

export type InstanceLockErrorCode = 'already_running' | 'unreadable_lock' | 'contended';

export class InstanceLockError extends Error {
  constructor(
    readonly code: InstanceLockErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'InstanceLockError';
  }
}

/** Another live process holds the data folder: nothing of ours was started or written. */
export class AlreadyRunningError extends InstanceLockError {
  constructor(
    readonly dataDir: string,
    readonly holder: InstanceLockHolder,
  ) {
    const where = holder.endpoint ? `AWS APIs at ${holder.endpoint}` : 'still starting';
    super(
      'already_running',
      `another local runtime is already running on ${dataDir} (pid ${holder.pid}, ${where}); ` +
        `stop that one first (Ctrl-C in its terminal, or kill ${holder.pid})`,
    );
    this.name = 'AlreadyRunningError';
  }
}

// A takeover guard is held for a few synchronous file operations; one this old was left by a
// process that died inside them. Clearing it is the one step not proof against a race, which
// would take such a crash and then two starts within the same instant.
const GUARD_STALE_MS = 5_000;
const MAX_ATTEMPTS = 50;
const heldTokens = new Set<string>();

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String(error.code) : undefined;
}

/** State and start time of a process from /proc; undefined where there is no /proc or no such pid. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19];
  return state && startTime ? { state, startTime } : undefined;
}

function isAlive(holder: InstanceLockHolder): boolean {
  // Our own pid: either we hold it, or an earlier process had our pid (as in a container, where
  // the runtime is often pid 1 on every start).
  if (holder.pid === process.pid) return heldTokens.has(holder.token);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if (errorCode(error) !== 'EPERM') return false;
  }
  const stat = procStat(holder.pid);
  if (stat?.state === 'Z' || stat?.state === 'X') return false;
  if (holder.startTime !== null && stat && stat.startTime !== holder.startTime) return false;
  return true;
}

/** The current holder, or undefined when there is no lock file. */
function readHolder(path: string): InstanceLockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  // Lock files appear and change only by link and rename of complete files, so a reader never
  // sees a half-written one: this is a foreign or damaged file, and we do not guess.
  try {
    return InstanceLockHolderSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new InstanceLockError(
      'unreadable_lock',
      `cannot read the lock ${path}; if no local runtime is running on this folder, delete it`,
      { cause: error },
    );
  }
}

/**
 * Replaces a dead holder's lock with `draft`, unless someone else got to it first. Only one
 * process at a time may try (the guard directory), and it checks the lock is still the dead one's
 * before replacing it: otherwise a slower process could replace the lock a faster one had just
 * taken. The rename replaces in one step, so no one can slip in between.
 */
async function takeOver(path: string, stale: InstanceLockHolder, draft: string): Promise<boolean> {
  const guard = `${path}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    let age = 0;
    try {
      age = Date.now() - statSync(guard).mtimeMs;
    } catch {}
    if (age > GUARD_STALE_MS) rmSync(guard, { recursive: true, force: true });
    else await delay(10);
    return false;
  }
  try {
    if (readHolder(path)?.token !== stale.token) return false;
    renameSync(draft, path);
    return true;
  } finally {
    rmdirSync(guard);
  }
}

/**
 * One local runtime per data folder. `acquire` takes the folder's lock atomically (a complete lock
 * file is hard-linked into place, which fails if one exists), or throws `AlreadyRunningError`
 * naming the live holder. A lock whose process is gone (killed, crashed) is taken over.
 */
export class InstanceLock {
  private held = true;

  private constructor(
    readonly path: string,
    private holder: InstanceLockHolder,
    /** The dead process whose lock this one replaced, if any. */
    readonly replaced: InstanceLockHolder | undefined,
  ) {}

  static async acquire(dataDir: string): Promise<InstanceLock> {
    const path = join(dataDir, INSTANCE_LOCK_FILE);
    const holder: InstanceLockHolder = {
      pid: process.pid,
      startTime: procStat(process.pid)?.startTime ?? null,
      token: randomUUID(),
      acquiredAt: new Date().toISOString(),
    };
    const draft = `${path}.${holder.token}.tmp`;
    writeFileSync(draft, JSON.stringify(holder), { flag: 'wx' });
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        try {
          linkSync(draft, path);
          heldTokens.add(holder.token);
          return new InstanceLock(path, holder, undefined);
        } catch (error) {
          if (errorCode(error) !== 'EEXIST') throw error;
        }
        const current = readHolder(path);
        if (!current) continue;
        if (isAlive(current)) throw new AlreadyRunningError(dataDir, current);
        if (await takeOver(path, current, draft)) {
          heldTokens.add(holder.token);
          return new InstanceLock(path, holder, current);
        }
      }
      throw new InstanceLockError('contended', `could not take the lock ${path}: try again`);
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /** Records where this runtime answers, for whoever finds the folder taken. */
  setEndpoint(endpoint: string): void {
    if (!this.held) return;
    this.holder = { ...this.holder, endpoint };
    const draft = `${this.path}.${this.holder.token}.tmp`;
    writeFileSync(draft, JSON.stringify(this.holder));
    renameSync(draft, this.path);
  }

  /** Removes the lock if it is still ours; never throws, so it is safe on any exit path. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    heldTokens.delete(this.holder.token);
    try {
      if (readHolder(this.path)?.token === this.holder.token) unlinkSync(this.path);
    } catch {}
  }
}
