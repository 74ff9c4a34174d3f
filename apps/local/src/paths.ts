import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder up from here holding pnpm-workspace.yaml. */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('not inside the AgentCore Marketplace repository');
    dir = parent;
  }
  return dir;
}

/** Where the local runtime keeps its data (git-ignored). */
export function localDataDir(): string {
  return join(repositoryRoot(), '.local');
}
