import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES_TEXT, PolicyEngine, type ToolCatalogInput } from '../src/index.js';
import { fixedClock, proposedAction } from './support/actions.js';

// The TOTP server's tool as its metadata reads after the MCP catalog: read-only, and a secret.
const CATALOG: ToolCatalogInput = {
  tools: [
    {
      name: 'totp__get_totp_code',
      annotations: { readOnlyHint: true, destructiveHint: false, sensitiveOutputHint: true },
      inputSchema: {
        type: 'object',
        properties: { secret_name: { type: 'string' }, key_field: { type: 'string' } },
        required: ['secret_name'],
      },
    },
    { name: 'gifs__search_gifs', annotations: { readOnlyHint: true } },
  ],
};

const RELAXATION = `unless { principal in Group::"oncall" &&
         context.arguments has secret_name && context.arguments.secret_name == "demo" }`;

/** The default set with its sensitive-output policy narrowed for the oncall group and `demo`. */
function relaxedDefaults(): string {
  const policy = 'forbid (principal, action in Action::"hint:sensitive_output", resource);';
  expect(DEFAULT_POLICIES_TEXT).toContain(policy);
  return DEFAULT_POLICIES_TEXT.replace(policy, `${policy.slice(0, -1)}\n${RELAXATION};`);
}

function totpCall(secretName: string, groups: string[] = []) {
  return proposedAction({
    requester: { userId: 'U_ALICE', groups },
    intendedTools: ['totp__get_totp_code'],
    toolCalls: [{ tool: 'totp__get_totp_code', arguments: { secret_name: secretName } }],
  });
}

describe('tools whose result is a secret', () => {
  const defaults = new PolicyEngine({ catalog: CATALOG, clock: fixedClock });

  it('need approval by default, although the server calls them read-only', () => {
    const decision = defaults.decide(totpCall('demo', ['oncall']));

    expect(decision.outcome).toBe('require_approval');
    expect(decision.policyIds).toEqual(['default.sensitive-outputs']);
    expect(decision.reason).toContain('returns a secret');
  });

  it('need approval when asked for without a call (an agent run), since no secret is named', () => {
    const decision = defaults.decide(
      proposedAction({
        requester: { userId: 'U_ALICE', groups: [] },
        intendedTools: ['totp__get_totp_code'],
      }),
    );

    expect(decision.outcome).toBe('require_approval');
  });

  it('leave other read-only tools allowed', () => {
    const decision = defaults.decide(proposedAction({ intendedTools: ['gifs__search_gifs'] }));

    expect(decision.outcome).toBe('allow');
  });

  describe('with the policy narrowed for the oncall group and the secret demo', () => {
    const relaxed = new PolicyEngine({
      catalog: CATALOG,
      clock: fixedClock,
      policies: [{ name: 'relaxed.cedar', text: relaxedDefaults() }],
    });

    it('let the oncall group fetch demo without approval', () => {
      expect(relaxed.decide(totpCall('demo', ['oncall'])).outcome).toBe('allow');
    });

    it('still ask approval for another secret, or for someone outside the group', () => {
      expect(relaxed.decide(totpCall('prod-root', ['oncall'])).outcome).toBe('require_approval');
      expect(relaxed.decide(totpCall('demo', ['developers'])).outcome).toBe('require_approval');
    });
  });
});
