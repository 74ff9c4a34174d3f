#!/usr/bin/env node
// The one entry point behind `npm test`, `npm start` and `npm run bench -- NAME`.
// It runs on any Node >= 20: it first makes sure the pinned toolchain (Node 24, pnpm at the
// version in package.json's packageManager) and the dependencies are installed, skipping
// whatever is already there, then runs the requested job on that toolchain.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const toolsBin = join(toolsDir, 'node_modules', '.bin');
const REQUIRED_NODE_MAJOR = 24;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, '');

function log(message) {
  process.stderr.write(`[dev] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[dev] error: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  return result.status ?? 1;
}

function nodeMajor() {
  return Number(process.versions.node.split('.')[0]);
}

/** Installs Node 24 (only when the running Node is older) and the pinned pnpm into .tools. */
function ensureToolchain() {
  const needNode = nodeMajor() < REQUIRED_NODE_MAJOR;
  const wanted = [`pnpm@${pnpmVersion}`, ...(needNode ? [`node@${REQUIRED_NODE_MAJOR}`] : [])];
  const stampFile = join(toolsDir, 'installed.txt');
  const stamp = wanted.join(' ');
  // Already there when every wanted tool is (a run under .tools' own Node must not drop it).
  const installed = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').split(' ') : [];
  if (wanted.every((tool) => installed.includes(tool)))
    return needNode || installed.includes(`node@${REQUIRED_NODE_MAJOR}`);
  log(`installing ${stamp} into .tools`);
  mkdirSync(toolsDir, { recursive: true });
  const status = run(
    'npm',
    ['install', '--prefix', toolsDir, '--no-save', '--no-audit', '--no-fund', ...wanted],
    {
      shell: process.platform === 'win32',
    },
  );
  if (status !== 0) fail(`could not install ${stamp} from the npm registry`);
  writeFileSync(stampFile, stamp);
  return needNode;
}

function toolchainEnv(useToolsNode) {
  const path = useToolsNode
    ? `${toolsBin}:${process.env.PATH}`
    : `${dirname(process.execPath)}:${toolsBin}:${process.env.PATH}`;
  return { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${path}` };
}

/** Installs dependencies from the lockfile unless the lockfile is unchanged since the last install. */
function ensureDependencies(env) {
  const lockfile = join(root, 'pnpm-lock.yaml');
  const stampFile = join(root, 'node_modules', '.lockfile-hash');
  const hash = createHash('sha256').update(readFileSync(lockfile)).digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return;
  log('installing dependencies (frozen lockfile)');
  const status = run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { env });
  if (status !== 0) fail('pnpm install failed');
  writeFileSync(stampFile, hash);
}

function ensureJava() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    fail(
      'A Java 17+ JDK is required: DynamoDB Local runs on it, through a small launcher that keeps it on 127.0.0.1 and needs the JDK compiler (e.g. apt install openjdk-17-jdk-headless). Install one and retry.',
    );
  }
}

/**
 * The browser tests drive Debian's Chromium (never a downloaded browser). When it is missing and
 * we may install system packages (root with apt, as on CI), it is installed from Debian's
 * packages; otherwise the way to get it is printed and the run stops.
 */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const canInstall =
    process.platform === 'linux' &&
    process.getuid?.() === 0 &&
    spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) {
    fail(
      `The browser tests need Chromium at ${CHROMIUM} (Debian: apt install chromium). Install it and retry.`,
    );
  }
  log('installing Debian chromium for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    run('apt-get', ['update', '-qq'], { env }) !== 0 ||
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) !== 0
  ) {
    fail('could not install chromium with apt-get');
  }
  if (!existsSync(CHROMIUM))
    fail(`chromium was installed, but not at ${CHROMIUM}; set CHROMIUM_PATH`);
}

/** Runs a long-lived child and passes Ctrl-C / SIGTERM on, exiting with the child's status. */
function runForeground(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root, env });
  const forward = (signal) => {
    if (!child.killed) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

const tsRunner = ['--conditions=agentcore-source', '--import', 'tsx'];

const jobs = {
  test(env) {
    ensureJava();
    ensureChromium();
    for (const [command, args] of [
      ['biome', ['ci', '.']],
      ['tsc', ['-b']],
      // --coverage: enforces the coverage floors set in vitest.config.ts (a few seconds more).
      ['vitest', ['run', '--coverage']],
    ]) {
      log(`${command} ${args.join(' ')}`);
      const status = run(command, args, { env });
      if (status !== 0) process.exit(status);
    }
  },
  start(env) {
    ensureJava();
    runForeground('node', [...tsRunner, 'apps/local/src/main.ts'], env);
  },
  bundle(env, args) {
    runForeground('node', ['scripts/lambda-bundles.mjs', ...args], env);
  },
  cli(env, args) {
    runForeground('node', ['services/cli/bin/hitl-mcp.mjs', ...args], env);
  },
  bench(env, args) {
    const name = args[0];
    const entry = name && join(root, 'bench', name, 'main.ts');
    if (!entry || !existsSync(entry))
      fail('usage: npm run bench -- NAME   (NAME is a folder in bench/ with a main.ts)');
    ensureJava();
    runForeground('node', [...tsRunner, entry, ...args.slice(1)], env);
  },
};

const [jobName, ...jobArgs] = process.argv.slice(2);
const job = jobs[jobName];
if (!job) fail(`unknown job "${jobName}"; expected one of: ${Object.keys(jobs).join(', ')}`);
const useToolsNode = ensureToolchain();
const env = toolchainEnv(useToolsNode);
ensureDependencies(env);
job(env, jobArgs);
