import { defaultPolicyOutcome } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

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

    // Act
    const decided = await defaultPolicyOutcome(connected.client, 'google_admin', tool);

    // Assess
    expect(decided).toBe(outcome);
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
