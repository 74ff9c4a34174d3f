import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseServerEntries } from '@agentcore/mcp';
import { DEFAULT_POLICY_SOURCES, PolicyEngine, type PolicySource } from '@agentcore/policy';
import type { ConfigKey } from '@agentcore/store';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/paths.js';
import {
  ConfigFolderError,
  reseedKeys,
  reseedsSandbox,
  SEED_AUTHOR,
  type SeedableConfigStore,
  seedConfigFromFolder,
} from '../src/seed-config.js';

/** The config store port in memory: versions per key, refusing a save against a stale one. */
class InMemoryConfigStore implements SeedableConfigStore {
  readonly versions = new Map<ConfigKey, { value: unknown; author: string }[]>();
  async currentVersion(key: ConfigKey) {
    return this.versions.get(key)?.length ?? 0;
  }
  async save(write: { key: ConfigKey; value: unknown; author: string; expectedVersion?: number }) {
    const list = this.versions.get(write.key) ?? [];
    if (write.expectedVersion !== undefined && write.expectedVersion !== list.length) {
      throw new Error(`${write.key} is at version ${list.length}`);
    }
    list.push({ value: write.value, author: write.author });
    this.versions.set(write.key, list);
    return { version: list.length };
  }
  latest(key: ConfigKey) {
    return this.versions.get(key)?.at(-1)?.value;
  }
}

const SHIPPED = join(repositoryRoot(), 'config', 'local');
const dirs: string[] = [];
function copyOfShipped(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentcore-config-'));
  dirs.push(dir);
  cpSync(SHIPPED, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What policy says about a destructive call of a tool, under the given policies. */
function decideDestructive(policies: PolicySource[]) {
  const engine = new PolicyEngine({
    catalog: { tools: [{ name: 'ops__wipe', annotations: { destructiveHint: true } }] },
    policies,
    clock: () => new Date('2026-01-01T10:00:00Z'),
  });
  return engine.decide({
    requester: { userId: 'U_ALICE', groups: [] },
    origin: { source: 'api' },
    query: 'wipe it',
    summary: 'wipe it',
    category: 'other',
    environment: 'dev',
    intendedTools: ['ops__wipe' as Parameters<PolicyEngine['decide']>[0]['intendedTools'][number]],
  });
}

describe('seeding the config store from a folder', () => {
  it('seeds every key of the shipped folder on first start, and they are valid', async () => {
    // Prepare
    const store = new InMemoryConfigStore();

    // Act
    const outcome = await seedConfigFromFolder(store, SHIPPED);

    // Assess
    expect(outcome.seeded.map((each) => each.key).sort()).toEqual([
      'directory',
      'mcp_servers',
      'policies',
    ]);
    expect(outcome.kept).toEqual([]);
    expect(store.versions.get('policies')?.[0]?.author).toBe(SEED_AUTHOR);
    const people = (store.latest('directory') as { people: { userId: string; groups: string[] }[] })
      .people;
    expect(people.filter((p) => p.groups.includes('approvers')).map((p) => p.userId)).toEqual([
      'U_APPROVER',
      'U_APPROVER_2',
    ]);
    expect(people.map((p) => p.userId)).toEqual(expect.arrayContaining(['U_ALICE', 'U_ADMIN']));
    const aliases = parseServerEntries(store.latest('mcp_servers')).map((s) => s.alias);
    expect(aliases).toEqual([
      'totp',
      'gifs',
      'jira',
      'google_admin',
      'google_calendar',
      'google_drive',
    ]);
    const decision = decideDestructive(store.latest('policies') as PolicySource[]);
    expect(decision).toMatchObject({
      outcome: 'require_approval',
      approval: { expiresInSeconds: 3_600, approverGroups: [] },
    });
  });

  it('keeps what the store has on a later start, even when the files changed', async () => {
    // Prepare
    const dir = copyOfShipped();
    const store = new InMemoryConfigStore();
    await seedConfigFromFolder(store, dir);
    const first = store.latest('directory');
    writeFileSync(join(dir, 'directory.json'), JSON.stringify({ people: [{ userId: 'U_NEW' }] }));

    // Act
    const outcome = await seedConfigFromFolder(store, dir);

    // Assess
    expect(outcome.seeded).toEqual([]);
    expect(outcome.kept.sort()).toEqual(['directory', 'mcp_servers', 'policies']);
    expect(store.latest('directory')).toEqual(first);
    expect(await store.currentVersion('directory')).toBe(1);
  });

  it('seeds a key again as a new version when asked to', async () => {
    // Prepare
    const dir = copyOfShipped();
    const store = new InMemoryConfigStore();
    await seedConfigFromFolder(store, dir);
    writeFileSync(join(dir, 'directory.json'), JSON.stringify({ people: [{ userId: 'U_NEW' }] }));

    // Act
    const outcome = await seedConfigFromFolder(store, dir, { reseed: reseedKeys('directory') });

    // Assess
    expect(outcome.seeded.map((each) => [each.key, each.version])).toEqual([['directory', 2]]);
    expect(store.latest('directory')).toEqual({ people: [{ userId: 'U_NEW', groups: [] }] });
  });

  it('takes an approval window from the folder: a short @expiresIn applies', async () => {
    // Prepare
    const dir = copyOfShipped();
    const file = join(dir, 'policies', 'default.cedar');
    const text = readFileSync(file, 'utf8').replace(
      '@id("default.destructive-tools")\n@outcome("require_approval")\n@expiresIn("1h")',
      '@id("default.destructive-tools")\n@outcome("require_approval")\n@expiresIn("2m")',
    );
    writeFileSync(file, text);
    const store = new InMemoryConfigStore();

    // Act
    await seedConfigFromFolder(store, dir);

    // Assess
    const decision = decideDestructive(store.latest('policies') as PolicySource[]);
    expect(decision.approval?.expiresInSeconds).toBe(120);
  });

  it('refuses an invalid file, naming it, and seeds nothing', async () => {
    // Prepare
    const dir = copyOfShipped();
    writeFileSync(
      join(dir, 'mcp-servers.json'),
      JSON.stringify({ servers: [{ alias: 'x', builtin: 'gifs', disabledTool: ['typo'] }] }),
    );
    const store = new InMemoryConfigStore();

    // Act
    const attempt = seedConfigFromFolder(store, dir);

    // Assess
    await expect(attempt).rejects.toThrow(ConfigFolderError);
    await expect(attempt).rejects.toThrow(/mcp-servers\.json: .*disabledTool/);
    expect(store.versions.size).toBe(0);
  });

  it('reads AGENTCORE_RESEED as keys, or all, and refuses an unknown one', () => {
    expect(reseedKeys(undefined)).toEqual([]);
    expect(reseedKeys('policies, directory')).toEqual(['policies', 'directory']);
    expect(reseedKeys('all')).toHaveLength(4);
    expect(() => reseedKeys('policy')).toThrow(/unknown key policy/);
  });

  it('reads sandbox in AGENTCORE_RESEED as the Google and Jira sandboxes, beside the keys', () => {
    expect(reseedKeys('sandbox,policies')).toEqual(['policies']);
    expect(reseedsSandbox('policies, sandbox')).toBe(true);
    expect(reseedsSandbox('all')).toBe(false);
    expect(reseedsSandbox(undefined)).toBe(false);
  });
});

describe('the shipped local policies', () => {
  it('hold every default policy, so a local start is as strict as the defaults', () => {
    const idsOf = (text: string) => [...text.matchAll(/@id\("([^"]+)"\)/g)].map(([, id]) => id);
    const shipped = readFileSync(join(SHIPPED, 'policies', 'default.cedar'), 'utf8');

    const defaults = DEFAULT_POLICY_SOURCES.flatMap((source) => idsOf(source.text));

    expect(defaults.length).toBeGreaterThan(0);
    expect(idsOf(shipped).sort()).toEqual([...defaults].sort());
  });
});

describe('the shipped local MCP servers', () => {
  it('disable the TOTP tool that takes a seed itself as an argument', () => {
    const entries = parseServerEntries(
      JSON.parse(readFileSync(join(SHIPPED, 'mcp-servers.json'), 'utf8')) as unknown,
    );

    const totp = entries.find((entry) => entry.alias === 'totp');

    expect(totp?.disabledTools).toContain('generate_totp_code');
  });
});
