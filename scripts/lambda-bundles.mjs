// Bundles each Lambda entry (services/*/src/lambda.ts) the way it is deployed: ESM, minified,
// source maps, Node 24, with a banner giving CommonJS dependencies the `require` and
// `__dirname` they use at run time (e.g. @slack/web-api; cedar-wasm reads its .wasm file
// next to itself), and the Cedar .wasm copied beside the bundles that use it.

import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const BANNER = [
  "import { createRequire as __agentcoreCreateRequire } from 'node:module';",
  "import { fileURLToPath as __agentcoreFileURLToPath } from 'node:url';",
  "import { dirname as __agentcoreDirname } from 'node:path';",
  'const require = __agentcoreCreateRequire(import.meta.url);',
  'const __filename = __agentcoreFileURLToPath(import.meta.url);',
  'const __dirname = __agentcoreDirname(__filename);',
].join('\n');

/** The Cedar engine's WebAssembly, which its Node entry reads from beside itself. */
function cedarWasmFile() {
  const require = createRequire(join(root, 'packages', 'policy', 'package.json'));
  return join(dirname(require.resolve('@cedar-policy/cedar-wasm/nodejs')), 'cedar_wasm_bg.wasm');
}

/** The services that have a Lambda entry. */
export function lambdaEntries() {
  const services = join(root, 'services');
  return readdirSync(services)
    .map((name) => ({ name, entry: join(services, name, 'src', 'lambda.ts') }))
    .filter(({ entry }) => existsSync(entry));
}

/** The source files whose code ended up in a bundle (esbuild reads more than it keeps). */
export function bundledInputs(metafile) {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

/** Bundles one entry into `outdir/<name>/index.mjs`; returns esbuild's metafile. */
export async function bundleLambda({ name, entry }, outdir) {
  const result = await build({
    entryPoints: [entry],
    outfile: join(outdir, name, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    sourcemap: true,
    conditions: ['agentcore-source'],
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  // Only functions that judge by policy carry the Cedar engine and its WebAssembly.
  if (bundledInputs(result.metafile).some((input) => input.includes('cedar-wasm'))) {
    copyFileSync(cedarWasmFile(), join(outdir, name, 'cedar_wasm_bg.wasm'));
  }
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ?? join(root, 'dist', 'lambda');
  for (const lambda of lambdaEntries()) {
    const metafile = await bundleLambda(lambda, outdir);
    const code = metafile.outputs[relative(root, join(outdir, lambda.name, 'index.mjs'))]?.bytes;
    const wasm = join(outdir, lambda.name, 'cedar_wasm_bg.wasm');
    const extra = existsSync(wasm)
      ? `, + ${(statSync(wasm).size / 1e6).toFixed(1)} MB Cedar wasm`
      : '';
    process.stdout.write(
      `${lambda.name}: ${join(outdir, lambda.name, 'index.mjs')} (${((code ?? 0) / 1e6).toFixed(2)} MB code${extra})\n`,
    );
  }
}
