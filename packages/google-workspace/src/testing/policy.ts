import { type PolicyDecision, ProposedActionSchema } from '@agentcore/core';
import { DEFAULT_POLICY_SOURCES, PolicyEngine } from '@agentcore/policy';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/**
 * What the default policies decide on one call of `alias__tool` with nothing else known, the
 * engine's catalog built from the annotations the connected server itself lists.
 */
export async function defaultPolicyOutcome(
  client: Client,
  alias: string,
  tool: string,
): Promise<PolicyDecision['outcome']> {
  const { tools } = await client.listTools();
  const engine = new PolicyEngine({
    policies: DEFAULT_POLICY_SOURCES,
    clock: () => new Date('2026-11-29T10:00:00Z'),
    catalog: {
      tools: tools.map((listed) => ({
        name: `${alias}__${listed.name}`,
        annotations: listed.annotations ?? {},
      })),
    },
  });
  const name = `${alias}__${tool}`;
  const action = ProposedActionSchema.parse({
    requester: { userId: 'U_ALICE', groups: [] },
    origin: { source: 'slack', channelId: 'C_OPS' },
    query: `run ${name}`,
    summary: `run ${name}`,
    intendedTools: [name],
    category: 'other',
  });
  return engine.decide(action).outcome;
}
