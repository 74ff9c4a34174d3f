import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleLambda, lambdaEntries } from '../../scripts/lambda-bundles.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const instructions = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const stages = instructions.filter((instruction) => instruction.keyword === 'FROM');

describe('the Dockerfile', () => {
  it('builds in one stage and runs in another, both on the Node 24 Lambda base image', () => {
    expect(stages.map((stage) => stage.args)).toEqual([
      'public.ecr.aws/lambda/nodejs:24 AS build',
      'public.ecr.aws/lambda/nodejs:24',
    ]);
  });

  it('installs with pnpm from the lockfile and bundles with the one bundler', () => {
    const runs = instructions.filter((instruction) => instruction.keyword === 'RUN');
    const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
    expect(runs.map((run) => run.args).join(' ')).toContain(pinned);
    expect(runs.some((run) => run.args.includes('pnpm install --frozen-lockfile'))).toBe(true);
    expect(
      runs.some((run) => run.args.includes('node scripts/lambda-bundles.mjs /build/lambda')),
    ).toBe(true);
  });

  it('copies only paths that exist, and the runtime stage only the bundles', () => {
    const copies = instructions.filter((instruction) => instruction.keyword === 'COPY');
    for (const copy of copies) {
      const parts = copy.args.split(/\s+/);
      const fromStage = parts.find((part) => part.startsWith('--from='));
      const sources = parts.filter((part) => !part.startsWith('--')).slice(0, -1);
      expect(sources.length).toBeGreaterThan(0);
      if (fromStage) {
        expect(fromStage).toBe('--from=build');
        expect(sources).toEqual(['/build/lambda/']);
      } else {
        for (const source of sources) expect(existsSync(join(root, source)), source).toBe(true);
      }
    }
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8');
    for (const kept of ['**/node_modules', '.local', '.tools', '**/.env*']) {
      expect(ignored.split('\n')).toContain(kept);
    }
  });

  it('names in CMD, and in the handler list, exports the bundles really have', async () => {
    // Prepare
    const cmd = instructions.findLast((instruction) => instruction.keyword === 'CMD');
    const handlers = [
      ...(JSON.parse(cmd?.args ?? '[]') as string[]),
      ...[
        ...readFileSync(join(root, 'Dockerfile'), 'utf8').matchAll(/([a-z-]+\/index\.[A-Za-z]+)/g),
      ].map((match) => match[1] ?? ''),
    ];
    const outdir = mkdtempSync(join(tmpdir(), 'agentcore-docker-'));
    const entries = new Map(lambdaEntries().map((entry) => [entry.name, entry]));
    const metafiles = new Map<string, ReturnType<typeof bundleLambda>>();
    // Every function has its handler listed.
    for (const service of entries.keys()) {
      expect(
        handlers.some((handler) => handler.startsWith(`${service}/`)),
        service,
      ).toBe(true);
    }
    // Act / Assess: each named export is one the bundle esbuild makes exports.
    for (const handler of new Set(handlers)) {
      const [service = '', exportName = ''] = handler.replace('/index.', ' ').split(' ');
      const entry = entries.get(service);
      expect(entry, handler).toBeDefined();
      if (!entry) continue;
      // One bundle per service, however many of its exports are named.
      let bundled = metafiles.get(service);
      if (!bundled) {
        bundled = bundleLambda(entry, outdir);
        metafiles.set(service, bundled);
      }
      const metafile = await bundled;
      const output = metafile.outputs[relative(root, join(outdir, service, 'index.mjs'))];
      expect(output?.exports, handler).toContain(exportName);
    }
  }, 120_000);
});
