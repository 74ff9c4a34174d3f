import { fileURLToPath } from 'node:url';
import { runCli } from './cli.js';

const runtimeFile =
  process.env.HITL_RUNTIME_FILE ??
  fileURLToPath(new URL('../../../.local/runtime.json', import.meta.url));

const outcome = await runCli(process.argv.slice(2), {
  env: process.env,
  runtimeFile,
  progress: (line) => process.stderr.write(`${line}\n`),
});
if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
process.exitCode = outcome.code;
