import { readFile } from 'node:fs/promises';
import { compileSeedRules, type PolicySource, PolicySourceSchema } from '@agentcore/policy';
import { z } from 'zod';

/** The versioned config store, as far as policies go. */
export interface PolicyConfigStore {
  latest(key: 'policies'): Promise<{ value: unknown } | undefined>;
}

const CedarSourcesSchema = z.array(PolicySourceSchema).min(1);

/** Cedar sources as saved (`[{name, text}]`), or the seed's JSON rules compiled to Cedar. */
function toSources(value: unknown, name: string): PolicySource[] {
  const cedar = CedarSourcesSchema.safeParse(value);
  return cedar.success ? cedar.data : [compileSeedRules(value, name).source];
}

/**
 * Where the active policies come from, in the seed's order: the config store, then the seed
 * rules file at `policyPath`, then (undefined) the default policies. A source that exists but is
 * invalid fails loudly instead of falling through to something more permissive.
 */
export function policySources(config: PolicyConfigStore, policyPath?: string) {
  return async (): Promise<PolicySource[] | undefined> => {
    const saved = await config.latest('policies');
    if (saved !== undefined) return toSources(saved.value, 'config-store-policies.cedar');
    if (policyPath === undefined) return undefined;
    const text = await readFile(policyPath, 'utf8');
    return toSources(JSON.parse(text) as unknown, 'policy-path-rules.cedar');
  };
}
