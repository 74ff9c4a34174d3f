import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectoryDocumentSchema, PromptsDocumentSchema } from '@agentcore/adapters';
import { parseServerEntries } from '@agentcore/mcp';
import { PolicySourceSchema } from '@agentcore/policy';
import type { ConfigKey } from '@agentcore/store';

/** The config store, as far as seeding it goes. */
export interface SeedableConfigStore {
  currentVersion(key: ConfigKey): Promise<number>;
  save(write: {
    key: ConfigKey;
    value: unknown;
    author: string;
    expectedVersion?: number;
  }): Promise<{ version: number }>;
}

export interface SeedOptions {
  /** Keys to save from the folder again even though the store has a version (a new version). */
  reseed?: readonly ConfigKey[];
}

export interface SeedOutcome {
  /** Saved from the folder, with the version each became. */
  seeded: { key: ConfigKey; version: number; from: string }[];
  /** Left as the store has them: it already had a version. */
  kept: ConfigKey[];
}

/** Who the config store records as the author of seeded versions. */
export const SEED_AUTHOR = 'local-seed';

/** A configuration folder that cannot be read as it should: says which file and why. */
export class ConfigFolderError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ConfigFolderError';
  }
}

interface SeedFile {
  key: ConfigKey;
  from: string;
  read(): unknown;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigFolderError(file, error instanceof Error ? error.message : String(error));
  }
}

function checked<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message =
      error instanceof Error && 'issues' in error && Array.isArray(error.issues)
        ? (error.issues as { path: PropertyKey[]; message: string }[])
            .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
            .join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    throw new ConfigFolderError(file, message);
  }
}

/** What the folder holds, each checked as the functions will read it. Absent files are skipped. */
function seedFiles(dir: string): SeedFile[] {
  const files: SeedFile[] = [];
  const policiesDir = join(dir, 'policies');
  if (existsSync(policiesDir)) {
    const names = readdirSync(policiesDir)
      .filter((name) => name.endsWith('.cedar'))
      .sort();
    if (names.length > 0) {
      files.push({
        key: 'policies',
        from: policiesDir,
        read: () =>
          names.map((name) => {
            const file = join(policiesDir, name);
            return checked(file, () =>
              PolicySourceSchema.parse({ name, text: readFileSync(file, 'utf8') }),
            );
          }),
      });
    }
  }
  const servers = join(dir, 'mcp-servers.json');
  if (existsSync(servers)) {
    files.push({
      key: 'mcp_servers',
      from: servers,
      read: () => {
        const value = readJson(servers);
        checked(servers, () => parseServerEntries(value));
        return value;
      },
    });
  }
  const directory = join(dir, 'directory.json');
  if (existsSync(directory)) {
    files.push({
      key: 'directory',
      from: directory,
      read: () => checked(directory, () => DirectoryDocumentSchema.parse(readJson(directory))),
    });
  }
  const prompt = join(dir, 'system-prompt.md');
  if (existsSync(prompt)) {
    files.push({
      key: 'prompts',
      from: prompt,
      read: () =>
        checked(prompt, () =>
          PromptsDocumentSchema.parse({ system: readFileSync(prompt, 'utf8') }),
        ),
    });
  }
  return files;
}

/**
 * Seeds the config store from a folder: each key that has no version yet is saved from its file
 * (audited, author `local-seed`); a key the store already has is left alone, since the store is
 * the configuration from then on (edited over the API). Every file is checked before anything is
 * saved, so a mistake in one stops the start instead of seeding half a folder.
 */
export async function seedConfigFromFolder(
  config: SeedableConfigStore,
  dir: string,
  options: SeedOptions = {},
): Promise<SeedOutcome> {
  if (!existsSync(dir)) throw new ConfigFolderError(dir, 'no such folder');
  const files = seedFiles(dir).map((file) => ({ ...file, value: file.read() }));
  const outcome: SeedOutcome = { seeded: [], kept: [] };
  for (const file of files) {
    const current = await config.currentVersion(file.key);
    if (current > 0 && !options.reseed?.includes(file.key)) {
      outcome.kept.push(file.key);
      continue;
    }
    // Against the version seen: a second runtime seeding at the same moment cannot save twice.
    const saved = await config.save({
      key: file.key,
      value: JSON.parse(JSON.stringify(file.value)),
      author: SEED_AUTHOR,
      expectedVersion: current,
    });
    outcome.seeded.push({ key: file.key, version: saved.version, from: file.from });
  }
  return outcome;
}

/** The `AGENTCORE_RESEED` word that starts the Google and Jira sandboxes again from their seed. */
export const RESEED_SANDBOX = 'sandbox';

/** Whether `AGENTCORE_RESEED` names the sandbox (`sandbox`; `all` is the configuration only). */
export function reseedsSandbox(value: string | undefined): boolean {
  return (value ?? '').split(',').some((item) => item.trim() === RESEED_SANDBOX);
}

/**
 * Reads `AGENTCORE_RESEED` (comma-separated keys, or `all`) into the keys to seed again;
 * `sandbox` is allowed beside them (see `reseedsSandbox`).
 */
export function reseedKeys(value: string | undefined): ConfigKey[] {
  const all: ConfigKey[] = ['policies', 'mcp_servers', 'directory', 'prompts'];
  const asked = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '' && item !== RESEED_SANDBOX);
  if (asked.includes('all')) return all;
  const unknown = asked.filter((item) => !all.includes(item as ConfigKey));
  if (unknown.length > 0) {
    throw new ConfigFolderError(
      'AGENTCORE_RESEED',
      `unknown key ${unknown.join(', ')} (use ${all.join(', ')}, all or ${RESEED_SANDBOX})`,
    );
  }
  return asked as ConfigKey[];
}
