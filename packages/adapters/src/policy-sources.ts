import { readFile } from 'node:fs/promises';
import { compileSeedRules, type PolicySource, PolicySourceSchema } from '@agentcore/policy';
import { z } from 'zod';

/** The versioned config store, as far as policies go. */
export interface PolicyConfigStore {
  latest(key: 'policies'): Promise<{ value: unknown } | undefined>;
  currentVersion(key: 'policies'): Promise<number>;
}

const CedarSourcesSchema = z.array(PolicySourceSchema).min(1);

/** Cedar sources as saved (`[{name, text}]`), or the seed's JSON rules compiled to Cedar. */
export function savedPolicySources(
  value: unknown,
  name = 'config-store-policies.cedar',
): PolicySource[] {
  const cedar = CedarSourcesSchema.safeParse(value);
  return cedar.success ? cedar.data : [compileSeedRules(value, name).source];
}

/**
 * Where the active policies come from, in the seed's order: the config store, then the seed
 * rules file at `policyPath`, then (undefined) the default policies. A source that exists but is
 * invalid fails loudly instead of falling through to something more permissive. Its `version`
 * probe lets EnginePolicy rebuild as soon as a newer set is saved.
 */
export function policySources(config: PolicyConfigStore, policyPath?: string) {
  const load = async (): Promise<PolicySource[] | undefined> => {
    const saved = await config.latest('policies');
    if (saved !== undefined) return savedPolicySources(saved.value);
    if (policyPath === undefined) return undefined;
    const text = await readFile(policyPath, 'utf8');
    return savedPolicySources(JSON.parse(text) as unknown, 'policy-path-rules.cedar');
  };
  return Object.assign(load, { version: () => config.currentVersion('policies') });
}
