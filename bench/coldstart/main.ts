// bench/coldstart: what each Lambda bundle costs a cold start. Every service is bundled exactly as
// deployed (scripts/lambda-bundles.mjs: ESM, minified, the createRequire banner, the AWS SDK left
// to the runtime, each built-in MCP server a chunk loaded on demand), then imported by 20 fresh
// `node` processes each (interleaved, so machine load falls on all alike); the median import time
// is the figure. The SDK is imported from node_modules, as the runtime imports its own, so its
// cost stays in the figure. In the same run, a hello-world bundle that creates one DynamoDB
// document client (the least any of our functions does) is the baseline.
// Usage: npm run bench -- coldstart [processes per bundle, 20]. Readable figures, then one JSON line.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import {
  bundleLambda,
  functionCode,
  lambdaEntries,
  provideRuntimePackages,
  runtimeImports,
} from '../../scripts/lambda-bundles.mjs';

const run = promisify(execFile);
const RUNS = Number(process.argv[2] ?? 20);
const ONE_MB = 1_000_000;

/**
 * What the functions read at import (they compose once per cold start): well-formed values, so
 * the import measures our code and its dependencies, not a configuration error. Nothing is called.
 */
const FUNCTION_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_PREFIX: 'agentcore-bench',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:111111111111:stateMachine:agentcore-bench-workflow',
  NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:agentcore-bench-notifications',
  AUDIT_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:audit-AbCdEf',
  SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:slack-AbCdEf',
  MODEL_PROVIDER: 'bedrock',
  BEDROCK_MODEL_ID: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  NODE_OPTIONS: '--enable-source-maps',
};

/** The baseline: a handler that creates one DynamoDB document client and answers. */
function writeBaselineEntry(dir: string): string {
  const entry = join(dir, 'baseline-src', 'lambda.mjs');
  mkdirSync(dirname(entry), { recursive: true });
  writeFileSync(
    entry,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      'const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export const handler = async () => ({ statusCode: 200, body: typeof documents.send });',
      '',
    ].join('\n'),
  );
  return entry;
}

/** Milliseconds one fresh process spends importing `bundle` (Node's own start-up excluded). */
async function importOnce(bundle: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...FUNCTION_ENV },
    timeout: 60_000,
  });
  return Number(stdout);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A bundled input's package (`zod`, `@smithy/core`), or its workspace folder (`packages/store`). */
function packageOf(path: string): string {
  const modules = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  const last = modules?.at(-1);
  if (last) return last.replace('node_modules/', '');
  return path
    .replace(/^(\.\.\/)+/, '')
    .split('/')
    .slice(0, 2)
    .join('/');
}

/** Where the code a cold start imports comes from: bytes per package, largest first. */
function composition(metafile: Metafile): { byPackage: [string, number][]; zodLocales: number } {
  const byPackage = new Map<string, number>();
  let zodLocales = 0;
  for (const path of functionCode(metafile).atStart) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[path]?.inputs ?? {})) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      if (name === 'zod' && input.includes('/locales/')) zodLocales += bytesInOutput;
    }
  }
  return { byPackage: [...byPackage].sort((a, b) => b[1] - a[1]), zodLocales };
}

const outdir = mkdtempSync(join(tmpdir(), 'agentcore-coldstart-'));
const bundles = [{ name: 'baseline', entry: writeBaselineEntry(outdir) }, ...lambdaEntries()];
const metafiles = new Map<string, Metafile>();
for (const bundle of bundles) metafiles.set(bundle.name, await bundleLambda(bundle, outdir));
provideRuntimePackages(outdir, [...metafiles.values()].flatMap(runtimeImports));
const files = new Map(
  bundles.map((bundle) => [bundle.name, join(outdir, bundle.name, 'index.mjs')]),
);
const code = new Map([...metafiles].map(([name, metafile]) => [name, functionCode(metafile)]));

const times = new Map<string, number[]>(bundles.map((bundle) => [bundle.name, []]));
for (let round_ = 0; round_ < RUNS; round_ += 1) {
  for (const [name, file] of files) times.get(name)?.push(await importOnce(file));
}
rmSync(outdir, { recursive: true, force: true });

const baseline = median(times.get('baseline') ?? []);
const functions: Record<
  string,
  { bytes: number; on_demand_bytes: number; import_ms: number; vs_baseline: number }
> = {};
console.log(
  `cold import, median of ${RUNS} fresh node ${process.versions.node} processes each (${FUNCTION_ENV.NODE_OPTIONS}), the AWS SDK from node_modules:`,
);
console.log(
  `  baseline (one DynamoDB document client)  ${code.get('baseline')?.startBytes} bytes  ${round(baseline)} ms`,
);
for (const name of files.keys()) {
  if (name === 'baseline') continue;
  const { startBytes, totalBytes, onDemand } = code.get(name) ?? {
    startBytes: 0,
    totalBytes: 0,
    onDemand: [],
  };
  const importMs = median(times.get(name) ?? []);
  functions[name] = {
    bytes: startBytes,
    on_demand_bytes: totalBytes - startBytes,
    import_ms: round(importMs),
    vs_baseline: round(importMs / baseline, 2),
  };
  const flags = [
    startBytes >= ONE_MB ? 'OVER 1 MB' : '',
    importMs > 2 * baseline ? 'over 2x baseline' : '',
  ].filter(Boolean);
  const later = onDemand.length
    ? ` (+ ${totalBytes - startBytes} in ${onDemand.length} chunks on demand)`
    : '';
  console.log(
    `  ${name.padEnd(20)} ${String(startBytes).padStart(7)} bytes  ${String(round(importMs)).padStart(6)} ms  ${round(importMs / baseline, 2)}x${flags.length ? `  (${flags.join(', ')})` : ''}${later}`,
  );
}
const kb = (bytes: number) => `${Math.round(bytes / 1000)} kB`;
console.log('what a cold start imports: its largest packages, and what it takes from the runtime:');
for (const [name, metafile] of metafiles) {
  const { byPackage, zodLocales } = composition(metafile);
  console.log(
    `  ${name.padEnd(20)} ${byPackage
      .slice(0, 6)
      .map(([pkg, size]) => `${pkg} ${kb(size)}`)
      .join(', ')}${zodLocales ? `, zod locales ${kb(zodLocales)}` : ''}`,
  );
  console.log(`  ${''.padEnd(20)} from the runtime: ${runtimeImports(metafile).join(' ')}`);
}
console.log(JSON.stringify({ baseline_import_ms: round(baseline), functions }));
