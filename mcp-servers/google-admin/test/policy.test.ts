import { type ProposedActionInput, ProposedActionSchema } from '@agentcore/core';
import { DEFAULT_POLICY_SOURCES, PolicyEngine } from '@agentcore/policy';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

function action(tool: string, fields: Partial<ProposedActionInput> = {}) {
  return ProposedActionSchema.parse({
    requester: { userId: 'U_ALICE', groups: [] },
    origin: { source: 'slack', channelId: 'C_OPS' },
    query: `run ${tool}`,
    summary: `run ${tool}`,
    intendedTools: [tool],
    category: 'other',
    ...fields,
  });
}

describe('the default policies, fed this server’s own annotations', () => {
  const harness = useHarness();

  it.each([
    ['list_users', 'allow'],
    ['get_user', 'allow'],
    ['get_amazon_roles', 'allow'],
    ['add_user', 'require_approval'],
    ['suspend_user', 'require_approval'],
    ['unsuspend_user', 'require_approval'],
    ['reset_2fa', 'require_approval'],
    ['add_amazon_role', 'require_approval'],
    ['remove_amazon_role', 'require_approval'],
  ])('%s: %s', async (tool, outcome) => {
    // Prepare
    const connected = await harness.connect();
    const { tools } = await connected.client.listTools();
    const engine = new PolicyEngine({
      policies: DEFAULT_POLICY_SOURCES,
      clock: () => new Date('2026-11-29T10:00:00Z'),
      catalog: {
        tools: tools.map((listed) => ({
          name: `google_admin__${listed.name}`,
          annotations: listed.annotations ?? {},
        })),
      },
    });

    // Act
    const decision = engine.decide(action(`google_admin__${tool}`));

    // Assess
    expect(decision.outcome).toBe(outcome);
  });

  it('marks what takes something away as destructive and the rest of the writes as not', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const { tools } = await connected.client.listTools();

    // Assess
    const hints = Object.fromEntries(
      tools.map((tool) => [
        tool.name,
        [tool.annotations?.readOnlyHint, tool.annotations?.destructiveHint],
      ]),
    );
    expect(hints).toEqual({
      list_users: [true, false],
      get_user: [true, false],
      get_amazon_roles: [true, false],
      add_user: [false, false],
      suspend_user: [false, true],
      unsuspend_user: [false, false],
      reset_2fa: [false, true],
      add_amazon_role: [false, false],
      remove_amazon_role: [false, true],
    });
  });
});
