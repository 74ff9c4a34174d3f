import type { ApprovalCategory, PolicyOutcome } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../src/index.js';
import { fixedClock, proposedAction } from './support/actions.js';
import { CATALOG } from './support/catalog.js';

const engine = new PolicyEngine({ catalog: CATALOG, clock: fixedClock });

interface Row {
  name: string;
  tools: string[];
  /** The tools' category, as the catalog classifies them (an override). */
  category?: ApprovalCategory;
  outcome: PolicyOutcome;
  policyIds: string[];
}

const rows: Row[] = [
  {
    name: 'a read-only tool is allowed',
    tools: ['gifs__search_gifs'],
    outcome: 'allow',
    policyIds: ['default.read-only-tools'],
  },
  {
    name: 'a tool made read-only by an override is allowed',
    tools: ['totp__get_totp_code'],
    outcome: 'allow',
    policyIds: ['default.read-only-tools'],
  },
  {
    name: "the seed's lookup tools are read-only without annotations",
    tools: ['google_admin__get_user', 'google_admin__get_amazon_roles', 'google_admin__list_users'],
    outcome: 'allow',
    policyIds: ['default.read-only-tools'],
  },
  {
    name: 'a destructive tool requires approval',
    tools: ['jira__delete_project'],
    outcome: 'require_approval',
    policyIds: ['default.destructive-tools'],
  },
  {
    name: 'a tool without annotations is destructive (MCP default) and requires approval',
    tools: ['jira__create_issue'],
    outcome: 'require_approval',
    policyIds: ['default.destructive-tools'],
  },
  {
    name: 'an AWS role grant requires approval',
    tools: ['google_admin__add_amazon_role'],
    outcome: 'require_approval',
    policyIds: ['default.aws-role-changes', 'default.high-risk-categories'],
  },
  {
    name: 'an AWS role removal requires approval (destructive too)',
    tools: ['google_admin__remove_amazon_role'],
    outcome: 'require_approval',
    policyIds: [
      'default.destructive-tools',
      'default.aws-role-changes',
      'default.high-risk-categories',
    ],
  },
  {
    name: 'adding a Google user requires approval',
    tools: ['google_admin__add_user'],
    outcome: 'require_approval',
    policyIds: ['default.google-account-changes', 'default.high-risk-categories'],
  },
  {
    name: 'suspending a Google user requires approval',
    tools: ['google_admin__suspend_user'],
    outcome: 'require_approval',
    policyIds: [
      'default.destructive-tools',
      'default.google-account-changes',
      'default.high-risk-categories',
    ],
  },
  {
    name: 'unsuspending a Google user requires approval',
    tools: ['google_admin__unsuspend_user'],
    outcome: 'require_approval',
    policyIds: ['default.google-account-changes', 'default.high-risk-categories'],
  },
  {
    name: "resetting a Google user's 2FA requires approval",
    tools: ['google_admin__reset_user_2fa'],
    outcome: 'require_approval',
    policyIds: [
      'default.destructive-tools',
      'default.google-account-changes',
      'default.high-risk-categories',
    ],
  },
  {
    name: 'a document-sharing tool requires approval',
    tools: ['drive__share_file'],
    outcome: 'require_approval',
    policyIds: ['default.document-access-changes', 'default.high-risk-categories'],
  },
  {
    name: 'a non-destructive tool no policy names gets the default',
    tools: ['calendar__create_event'],
    outcome: 'require_approval',
    policyIds: [],
  },
  {
    name: 'a tool missing from the catalog gets the default',
    tools: ['unknown__tool'],
    outcome: 'require_approval',
    policyIds: [],
  },
  ...(
    [
      ['user_account_access', 'default.google-account-changes'],
      ['aws_role_access', 'default.aws-role-changes'],
      ['document_access_updates', 'default.document-access-changes'],
    ] as const
  ).map(
    ([category, policy]): Row => ({
      name: `a writing tool classified ${category} (risk weight >= 8) requires approval`,
      tools: ['calendar__create_event'],
      category,
      outcome: 'require_approval',
      policyIds: [policy, 'default.high-risk-categories'],
    }),
  ),
  ...(['document_content_updates', 'other'] as const).map(
    (category): Row => ({
      name: `a writing tool classified ${category} (risk weight < 8) is not gated by its category`,
      tools: ['calendar__create_event'],
      category,
      outcome: 'require_approval',
      policyIds: [],
    }),
  ),
  {
    name: 'a read-only tool is allowed even in a high-risk category',
    tools: ['google_admin__get_amazon_roles'],
    category: 'aws_role_access',
    outcome: 'allow',
    policyIds: ['default.read-only-tools'],
  },
  {
    name: 'a request without tools gets the default',
    tools: [],
    outcome: 'require_approval',
    policyIds: [],
  },
];

function engineFor(row: Row): PolicyEngine {
  if (row.category === undefined) return engine;
  const overrides = Object.fromEntries(
    row.tools.map((tool) => [tool, { ...CATALOG.overrides?.[tool], category: row.category }]),
  );
  return new PolicyEngine({
    catalog: { ...CATALOG, overrides: { ...CATALOG.overrides, ...overrides } },
    clock: fixedClock,
  });
}

describe('default policies', () => {
  it.each(rows)('$name', (row) => {
    // Prepare
    const { tools, outcome, policyIds } = row;
    const action = proposedAction({ intendedTools: tools });

    // Act
    const decision = engineFor(row).decide(action);

    // Assess
    expect(decision.outcome).toBe(outcome);
    expect(decision.policyIds).toEqual(policyIds);
    expect(decision.reason.length).toBeGreaterThan(0);
  });

  it('explains a default decision with the environment and its default', () => {
    // Prepare
    const staging = new PolicyEngine({
      catalog: CATALOG,
      clock: fixedClock,
      config: { environment: 'staging' },
    });
    const action = proposedAction({ intendedTools: ['unknown__tool'] });

    // Act
    const decision = staging.decide(action);

    // Assess
    expect(decision.reason).toBe(
      'Approval required. unknown__tool: no policy applies; the default for environment "staging" is require_approval',
    );
  });

  it('names the policy reason of every deciding tool', () => {
    // Prepare
    const action = proposedAction({
      intendedTools: ['google_admin__add_amazon_role', 'jira__delete_project', 'gifs__search_gifs'],
    });

    // Act
    const decision = engine.decide(action);

    // Assess
    expect(decision.reason).toBe(
      'Approval required. google_admin__add_amazon_role: AWS role grants and removals need approval ' +
        '[default.aws-role-changes]; requests in a category of risk weight 8 or more need approval ' +
        '[default.high-risk-categories] | jira__delete_project: the tool may change or delete data ' +
        '(MCP destructiveHint) [default.destructive-tools]',
    );
  });
});
