import { defaultPolicyOutcome } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

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

    // Act
    const decided = await defaultPolicyOutcome(connected.client, 'google_calendar', tool);

    // Assess
    expect(decided).toBe(outcome);
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
