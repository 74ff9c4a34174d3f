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
    ['list_calendars', 'allow'],
    ['freebusy', 'allow'],
    ['get_event', 'allow'],
    ['create_event', 'require_approval'],
    ['delete_event', 'require_approval'],
  ])('%s: %s', async (tool, outcome) => {
    // Prepare
    const connected = await harness.connect();
    const { tools } = await connected.client.listTools();
    const engine = new PolicyEngine({
      policies: DEFAULT_POLICY_SOURCES,
      clock: () => new Date('2026-11-29T10:00:00Z'),
      catalog: {
        tools: tools.map((listed) => ({
          name: `google_calendar__${listed.name}`,
          annotations: listed.annotations ?? {},
        })),
      },
    });

    // Act
    const decision = engine.decide(action(`google_calendar__${tool}`));

    // Assess
    expect(decision.outcome).toBe(outcome);
  });

  it('marks reads read-only, a booking a repeatable-with-effect write, a cancellation destructive', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const { tools } = await connected.client.listTools();

    // Assess
    const hints = Object.fromEntries(
      tools.map((tool) => [
        tool.name,
        [
          tool.annotations?.readOnlyHint,
          tool.annotations?.destructiveHint,
          tool.annotations?.idempotentHint,
        ],
      ]),
    );
    expect(hints).toEqual({
      list_calendars: [true, false, true],
      freebusy: [true, false, true],
      get_event: [true, false, true],
      create_event: [false, false, false],
      delete_event: [false, true, true],
    });
  });
});
