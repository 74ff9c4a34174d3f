import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/** How to start over from the seed, named in every error about a kept sandbox. */
export const RESEED_HINT =
  'start with AGENTCORE_RESEED=sandbox (or delete the file) to seed the sandbox again';

/** A kept sandbox state that cannot be read: which file, what is wrong, and how to start over. */
export class SandboxStateError extends Error {
  readonly path: string;

  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(`The sandbox state in ${path} cannot be read (${problem}); ${RESEED_HINT}`, options);
    this.name = 'SandboxStateError';
    this.path = path;
  }
}

/**
 * One stand-in's state kept as a JSON file, so the sandbox company survives a restart. Writes
 * go to a temporary file that then replaces the old one, so a crash leaves the old state or the
 * new one, never half of either. A file that does not parse is an error, never a silent reseed.
 */
export interface SandboxFile<T> {
  readonly path: string;
  /** The kept state, or undefined when there is none yet; throws SandboxStateError if unreadable. */
  load(): T | undefined;
  save(state: T): void;
}

/**
 * A sandbox file at `path` holding a `T`. `schema` checks on load the fields the stand-in
 * relies on; a file that passes it is taken as the `T` it wrote.
 */
export function sandboxFile<T>(path: string, schema: z.ZodType): SandboxFile<T> {
  return {
    path,
    load() {
      if (!existsSync(path)) return undefined;
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new SandboxStateError(path, 'it is not JSON', { cause: error });
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first?.path.join('.') || '(root)';
        throw new SandboxStateError(path, `${where}: ${first?.message ?? 'unexpected shape'}`);
      }
      return parsed.data as T;
    },
    save(state) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const partial = `${path}.${process.pid}.partial`;
      writeFileSync(partial, JSON.stringify(state), { mode: 0o600 });
      renameSync(partial, path);
    },
  };
}

/** Removes kept sandbox files, so the next start seeds them again. */
export function forgetSandboxFiles(paths: readonly string[]): void {
  for (const path of paths) rmSync(path, { force: true });
}
