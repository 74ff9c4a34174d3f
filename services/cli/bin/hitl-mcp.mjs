#!/usr/bin/env node
// Runs the CLI from its TypeScript sources, wherever it is called from.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const loader = import.meta.resolve('tsx');
const result = spawnSync(
  process.execPath,
  ['--conditions=agentcore-source', '--import', loader, main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
