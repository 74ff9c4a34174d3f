// Bundles each Lambda entry (services/*/src/lambda.ts) the way it is deployed: ESM, minified,
// source maps, Node 24, with a banner giving CommonJS dependencies the `require` and
// `__dirname` they use at run time (e.g. @slack/web-api; cedar-wasm reads its .wasm file
// next to itself), and the Cedar .wasm copied beside the bundles that use it. Each function gets
// one folder: `index.mjs`, the chunks it loads on demand (code splitting: a built-in MCP server
// is imported only when a session first uses it), and the wasm, all side by side.

import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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

/**
 * What the `nodejs24.x` runtime provides, so no bundle carries it: the AWS SDK for JavaScript v3,
 * every client (in /var/runtime/node_modules, which the runtime's ES module loader searches through
 * NODE_PATH; the Lambda base image has the same). @smithy and @aws-crypto come only through it.
 * Marked free of side effects, as the clients' own package.json files say, so an import whose
 * names a function never uses is dropped rather than kept for the runtime to load at start.
 */
export const RUNTIME_PROVIDED = /^@aws-sdk\//;

const runtimeProvided = {
  name: 'runtime-provided',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: RUNTIME_PROVIDED }, (args) => ({
      path: args.path,
      external: true,
      sideEffects: false,
    }));
  },
};

/**
 * Stands in for the runtime's /var/runtime/node_modules where a bundle runs outside Lambda (tests,
 * benchmarks): links each package a bundle imports from its runtime into `dir/node_modules`,
 * from where our workspace installed it. Those are the versions the tests run against; the
 * runtime's are its own (a recent 3.x minor, by runtime version and region).
 */
export function provideRuntimePackages(dir, packages) {
  const workspaces = ['packages', 'services', 'mcp-servers'].flatMap((group) =>
    readdirSync(join(root, group)).map((name) => join(root, group, name, 'package.json')),
  );
  for (const name of packages) {
    const manifest = workspaces
      .filter((workspace) => existsSync(workspace))
      .map((workspace) => {
        try {
          return createRequire(workspace).resolve(`${name}/package.json`);
        } catch {
          return undefined;
        }
      })
      .find(Boolean);
    if (!manifest) throw new Error(`no workspace package installs ${name}`);
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(dirname(realpathSync(manifest)), link, 'dir');
  }
}

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

/** The source files whose code ended up in a bundle or its chunks (esbuild reads more than it keeps). */
export function bundledInputs(metafile) {
  return Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

/** The packages a bundle imports from its runtime rather than carrying (e.g. `@aws-sdk/client-sns`). */
export function runtimeImports(metafile) {
  const imports = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((record) => record.external && !isBuiltin(record.path)),
  );
  return [...new Set(imports.map((record) => record.path))].sort();
}

/** The code files reachable from the function's `index.mjs` through imports of the given kinds. */
function reachable(metafile, kinds) {
  const entry = Object.keys(metafile.outputs).find((path) => path.endsWith('/index.mjs'));
  const found = new Set(entry ? [entry] : []);
  const pending = [...found];
  while (pending.length > 0) {
    for (const record of metafile.outputs[pending.pop()]?.imports ?? []) {
      if (record.external || !kinds.includes(record.kind) || found.has(record.path)) continue;
      found.add(record.path);
      pending.push(record.path);
    }
  }
  return found;
}

/**
 * A function's code by when it loads: `atStart`, what a cold start imports (`index.mjs` and the
 * chunks it imports statically), and `onDemand`, the chunks `import()` loads when first used
 * (each built-in MCP server). Bytes as written, minified; source maps and the wasm aside.
 */
export function functionCode(metafile) {
  const all = reachable(metafile, ['import-statement', 'dynamic-import']);
  const atStart = reachable(metafile, ['import-statement']);
  const bytes = (paths) => paths.reduce((sum, path) => sum + metafile.outputs[path].bytes, 0);
  const onDemand = [...all].filter((path) => !atStart.has(path));
  return {
    atStart: [...atStart],
    onDemand,
    startBytes: bytes([...atStart]),
    totalBytes: bytes([...all]),
  };
}

/**
 * esbuild makes a chunk for every `import()` it meets, even in code it then drops as unused (the
 * notifier never opens an MCP connection, yet would get the Streamable HTTP transport's chunk);
 * nothing can load such a chunk, so it is deleted rather than shipped.
 */
function dropUnreachableChunks(metafile) {
  const kept = reachable(metafile, ['import-statement', 'dynamic-import']);
  for (const path of Object.keys(metafile.outputs)) {
    if (!path.endsWith('.mjs') || kept.has(path)) continue;
    for (const file of [path, `${path}.map`]) {
      rmSync(resolve(file), { force: true });
      delete metafile.outputs[file];
    }
  }
}

/**
 * Bundles one entry into `outdir/<name>/`: `index.mjs` and its chunks side by side (where each
 * chunk's `__dirname` finds the wasm too); returns esbuild's metafile.
 */
export async function bundleLambda({ name, entry }, outdir) {
  const result = await build({
    entryPoints: { index: entry },
    outdir: join(outdir, name),
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    sourcemap: true,
    conditions: ['agentcore-source'],
    plugins: [runtimeProvided],
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  dropUnreachableChunks(result.metafile);
  // Only functions that judge by policy carry the Cedar engine and its WebAssembly.
  if (bundledInputs(result.metafile).some((input) => input.includes('cedar-wasm'))) {
    copyFileSync(cedarWasmFile(), join(outdir, name, 'cedar_wasm_bg.wasm'));
  }
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ?? join(root, 'dist', 'lambda');
  const mb = (bytes) => (bytes / 1e6).toFixed(2);
  for (const lambda of lambdaEntries()) {
    const { startBytes, totalBytes, onDemand } = functionCode(await bundleLambda(lambda, outdir));
    const wasm = join(outdir, lambda.name, 'cedar_wasm_bg.wasm');
    const extra = existsSync(wasm) ? `, + ${mb(statSync(wasm).size)} MB Cedar wasm` : '';
    process.stdout.write(
      `${lambda.name}: ${join(outdir, lambda.name, 'index.mjs')} (${mb(startBytes)} MB code at start, ${mb(totalBytes)} MB with ${onDemand.length} chunks loaded on demand${extra})\n`,
    );
  }
}
