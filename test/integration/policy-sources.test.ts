import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policySources } from '@agentcore/adapters';
import { ProposedActionSchema } from '@agentcore/core';
import { PolicyEngine } from '@agentcore/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/dynamodb.js';

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'policy-path-'));
const policyPath = join(dir, 'policies.json');

beforeAll(async () => {
  db = await createTestDatabase();
  writeFileSync(
    policyPath,
    JSON.stringify({
      rules: [
        {
          name: 'no_prod_roles',
          categories: ['aws_role_access'],
          environments: ['prod'],
          deny: true,
        },
      ],
    }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The rule's category and environment are derived: the tool is classified aws_role_access, and
// the deployment says where it runs. The request claims neither.
const action = ProposedActionSchema.parse({
  requester: { userId: 'U1' },
  origin: { source: 'cli' },
  query: 'add role X to alice in prod',
  summary: 'Grant role X to alice',
  intendedTools: ['google_admin__add_amazon_role'],
});

function decide(
  sources: Awaited<ReturnType<ReturnType<typeof policySources>>>,
  environment = 'prod',
) {
  return new PolicyEngine({
    catalog: { tools: [{ name: 'google_admin__add_amazon_role' }] },
    policies: sources,
    config: { environment },
    clock: () => new Date('2026-11-21T12:00:00Z'),
  }).decide(action);
}

describe('where policies come from', () => {
  it('uses the seed rules at POLICY_PATH while the config store has none', async () => {
    // Act
    const sources = await policySources(db.stores.config, policyPath)();

    // Assess
    expect(sources?.[0]?.text).toContain('no_prod_roles');
    expect(decide(sources).outcome).toBe('deny');
    expect(decide(sources, 'dev').outcome).toBe('require_approval');
  });

  it('gives no sources (the defaults) when neither holds any', async () => {
    expect(await policySources(db.stores.config)()).toBeUndefined();
  });

  it('prefers the policies saved in the config store, and refuses invalid ones loudly', async () => {
    // Prepare
    await db.stores.config.save({
      key: 'policies',
      author: 'U_ADMIN',
      value: [
        {
          name: 'saved.cedar',
          text: '@id("allow-all")\n@outcome("allow")\npermit (principal, action, resource);',
        },
      ],
    });
    const saved = await policySources(db.stores.config, policyPath)();
    await db.stores.config.save({
      key: 'policies',
      author: 'U_ADMIN',
      value: { rules: [{ deny: 'yes' }] },
    });

    // Act
    const invalid = policySources(db.stores.config, policyPath)();

    // Assess
    expect(saved).toEqual([{ name: 'saved.cedar', text: expect.stringContaining('allow-all') }]);
    expect(decide(saved).outcome).toBe('allow');
    await expect(invalid).rejects.toThrow(/seed policy rules/);
  });
});
