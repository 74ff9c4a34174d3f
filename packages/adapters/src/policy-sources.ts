import { readFile } from 'node:fs/promises';
import type { McpClient } from '@agentcore/mcp';
import { compileSeedRules, type PolicySource, PolicySourceSchema } from '@agentcore/policy';
import * as z from 'zod';
import { EnginePolicy } from './policy.js';

/** The versioned config store, as far as policies go. */
export interface PolicyConfigStore {
  latest(key: 'policies'): Promise<{ value: unknown } | undefined>;
  currentVersion(key: 'policies' | 'mcp_servers'): Promise<number>;
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

/**
 * Policy as every function that judges applies it: the set from the config store (or the one
 * handed in), rebuilt whenever the stored set or the MCP server configuration changes.
 */
export function storedPolicy(
  mcp: McpClient,
  foundation: { stores: { config: PolicyConfigStore }; clock: () => Date },
  /** The function's checked PolicySettings. */
  settings: {
    POLICY_PATH?: string | undefined;
    DEFAULT_APPROVER_GROUPS: string[];
    ENVIRONMENT: string;
  },
  /** A fixed set instead of the stored one (tests, the local runtime's extra policies). */
  policies?: readonly PolicySource[],
): EnginePolicy {
  const store = foundation.stores.config;
  return new EnginePolicy({
    mcp,
    policies: policies ?? policySources(store, settings.POLICY_PATH),
    config: {
      approvalDefaults: { approverGroups: settings.DEFAULT_APPROVER_GROUPS },
      environment: settings.ENVIRONMENT,
    },
    serversVersion: () => store.currentVersion('mcp_servers'),
    clock: foundation.clock,
  });
}
