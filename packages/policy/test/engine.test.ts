import type { PolicyOutcome, ProposedActionInput } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { PolicyEngine, type PolicySource } from '../src/index.js';
import { fixedClock, NOW, proposedAction } from './support/actions.js';
import { CATALOG } from './support/catalog.js';

function engineWith(text: string, config = {}): PolicyEngine {
  return new PolicyEngine({
    catalog: CATALOG,
    policies: [{ name: 'test.cedar', text }],
    config,
    clock: fixedClock,
  });
}

const COMBINING = `
@id("ops-may-do-anything")
permit (principal in Group::"ops", action, resource);

@id("read-only")
permit (principal, action in Action::"hint:read_only", resource);

@id("no-project-deletion")
forbid (principal, action == Action::"jira__delete_project", resource);

@id("project-deletion-needs-approval")
@outcome("require_approval")
forbid (principal, action == Action::"jira__delete_project", resource);

@id("calendar-needs-approval")
@outcome("require_approval")
forbid (principal, action == Action::"calendar__create_event", resource);
`;

describe('combining policies and tools', () => {
  const engine = engineWith(COMBINING);

  it.each([
    {
      name: 'a permit alone allows',
      groups: ['ops'],
      tools: ['jira__create_issue'],
      outcome: 'allow',
      policyIds: ['ops-may-do-anything'],
    },
    {
      name: 'deny overrides a permit',
      groups: ['ops'],
      tools: ['jira__delete_project'],
      outcome: 'deny',
      policyIds: ['no-project-deletion'],
    },
    {
      name: 'deny overrides require_approval on the same tool',
      groups: [],
      tools: ['jira__delete_project'],
      outcome: 'deny',
      policyIds: ['no-project-deletion'],
    },
    {
      name: 'require_approval overrides a permit',
      groups: ['ops'],
      tools: ['calendar__create_event'],
      outcome: 'require_approval',
      policyIds: ['calendar-needs-approval'],
    },
    {
      name: 'the strictest tool wins: allow + require_approval',
      groups: [],
      tools: ['gifs__search_gifs', 'calendar__create_event'],
      outcome: 'require_approval',
      policyIds: ['calendar-needs-approval'],
    },
    {
      name: 'the strictest tool wins: allow + deny',
      groups: [],
      tools: ['gifs__search_gifs', 'jira__delete_project'],
      outcome: 'deny',
      policyIds: ['no-project-deletion'],
    },
    {
      name: 'the strictest tool wins: require_approval + deny',
      groups: ['ops'],
      tools: ['calendar__create_event', 'jira__delete_project'],
      outcome: 'deny',
      policyIds: ['no-project-deletion'],
    },
    {
      name: 'every tool allowed: allow, with the policies of all tools',
      groups: ['ops'],
      tools: ['gifs__search_gifs', 'jira__create_issue'],
      outcome: 'allow',
      policyIds: ['ops-may-do-anything', 'read-only'],
    },
    {
      name: 'an unmatched tool next to an allowed one gets the default',
      groups: [],
      tools: ['gifs__search_gifs', 'jira__create_issue'],
      outcome: 'require_approval',
      policyIds: [],
    },
  ] satisfies {
    name: string;
    groups: string[];
    tools: string[];
    outcome: PolicyOutcome;
    policyIds: string[];
  }[])('$name', ({ groups, tools, outcome, policyIds }) => {
    // Prepare
    const action = proposedAction({ requester: { userId: 'U1', groups }, intendedTools: tools });

    // Act
    const decision = engine.decide(action);

    // Assess
    expect(decision.outcome).toBe(outcome);
    expect(decision.policyIds).toEqual(policyIds);
  });

  it('returns a verdict for every tool and planned call', () => {
    // Prepare
    const action = proposedAction({
      intendedTools: ['gifs__search_gifs'],
      toolCalls: [
        { tool: 'jira__delete_project', arguments: { key: 'A' } },
        { tool: 'jira__delete_project', arguments: { key: 'B' } },
      ],
    });

    // Act
    const { verdicts } = engine.evaluate(action);

    // Assess
    expect(
      verdicts.map((verdict) => [
        verdict.tool,
        verdict.callIndex,
        verdict.outcome,
        verdict.defaulted,
      ]),
    ).toEqual([
      ['gifs__search_gifs', undefined, 'allow', false],
      ['jira__delete_project', 0, 'deny', false],
      ['jira__delete_project', 1, 'deny', false],
    ]);
  });
});

describe('the default when no policy applies', () => {
  it.each([
    { config: {}, environment: 'dev', outcome: 'require_approval' },
    { config: {}, environment: 'prod', outcome: 'require_approval' },
    { config: { defaultOutcome: 'deny' }, environment: 'dev', outcome: 'deny' },
    { config: { defaultOutcome: 'allow' }, environment: 'dev', outcome: 'allow' },
    { config: { environmentDefaults: { prod: 'deny' } }, environment: 'prod', outcome: 'deny' },
    {
      config: { environmentDefaults: { prod: 'deny' } },
      environment: 'dev',
      outcome: 'require_approval',
    },
    {
      config: { defaultOutcome: 'deny', environmentDefaults: { dev: 'allow' } },
      environment: 'dev',
      outcome: 'allow',
    },
  ] satisfies { config: object; environment: string; outcome: PolicyOutcome }[])(
    'unknown tool in $environment with $config -> $outcome',
    ({ config, environment, outcome }) => {
      // Prepare
      const engine = engineWith(
        'permit (principal, action in Action::"hint:read_only", resource);',
        { ...config, environment },
      );
      const action = proposedAction({ intendedTools: ['unknown__tool'] });

      // Act
      const decision = engine.decide(action);

      // Assess
      expect(decision.outcome).toBe(outcome);
      expect(decision.policyIds).toEqual([]);
      expect(decision.reason).toContain(
        `the default for environment "${environment}" is ${outcome}`,
      );
    },
  );
});

const APPROVALS = `
@id("aws")
@outcome("require_approval")
@approverUsers("U_ALICE, U_BOB")
@approverGroups("cloud-admins")
@quorum("2")
@expiresIn("4h")
forbid (principal, action in Action::"category:aws_role_access", resource);

@id("accounts")
@outcome("require_approval")
@approverGroups("cloud-admins it-admins")
@allowSelfApproval("true")
@expiresIn("30m")
forbid (principal, action in Action::"category:user_account_access", resource);

@id("calendar")
@outcome("require_approval")
@quorum("3")
@allowSelfApproval("true")
@expiresIn("7d")
forbid (principal, action == Action::"calendar__create_event", resource);

@id("jira")
@outcome("require_approval")
@approverUsers("U_CAROL")
forbid (principal, action == Action::"jira__create_issue", resource);

@id("plain")
@outcome("require_approval")
forbid (principal, action == Action::"drive__share_file", resource);
`;

describe('approval requirements decided by policy', () => {
  const engine = engineWith(APPROVALS, {
    approvalDefaults: { approverGroups: ['approvers'], expiresInSeconds: 900 },
  });
  const defaults = engineWith(APPROVALS);

  it.each([
    {
      name: 'all values from one policy',
      tools: ['google_admin__add_amazon_role'],
      approval: {
        approverUserIds: ['U_ALICE', 'U_BOB'],
        approverGroups: ['cloud-admins'],
        quorum: 2,
        allowSelfApproval: false,
        expiresInSeconds: 14_400,
      },
    },
    {
      name: 'self-approval and expiry from the policy, quorum from the defaults',
      tools: ['google_admin__add_user'],
      approval: {
        approverUserIds: [],
        approverGroups: ['cloud-admins', 'it-admins'],
        quorum: 1,
        allowSelfApproval: true,
        expiresInSeconds: 1_800,
      },
    },
    {
      name: 'configured defaults where the policy says nothing',
      tools: ['drive__share_file'],
      approval: {
        approverUserIds: [],
        approverGroups: ['approvers'],
        quorum: 1,
        allowSelfApproval: false,
        expiresInSeconds: 900,
      },
    },
    {
      name: 'two policies: largest quorum, shortest expiry, approvers both name, no self-approval',
      tools: ['google_admin__add_amazon_role', 'google_admin__add_user'],
      approval: {
        approverUserIds: [],
        approverGroups: ['cloud-admins'],
        quorum: 2,
        allowSelfApproval: false,
        expiresInSeconds: 1_800,
      },
    },
    {
      name: 'self-approval stays allowed when every deciding policy allows it',
      tools: ['google_admin__add_user', 'calendar__create_event'],
      approval: {
        approverUserIds: [],
        approverGroups: ['cloud-admins', 'it-admins'],
        quorum: 3,
        allowSelfApproval: true,
        expiresInSeconds: 1_800,
      },
    },
    {
      name: 'a policy naming no approvers leaves them to the policies that do',
      tools: ['google_admin__add_user', 'drive__share_file'],
      approval: {
        approverUserIds: [],
        approverGroups: ['cloud-admins', 'it-admins'],
        quorum: 1,
        allowSelfApproval: false,
        expiresInSeconds: 900,
      },
    },
  ])('$name', ({ tools, approval }) => {
    // Prepare
    const action = proposedAction({ intendedTools: tools });

    // Act
    const decision = engine.decide(action);

    // Assess
    expect(decision.outcome).toBe('require_approval');
    expect(decision.approval).toEqual(approval);
  });

  it('uses the built-in defaults: quorum 1, no self-approval, one hour', () => {
    // Prepare
    const action = proposedAction({ intendedTools: ['drive__share_file'] });

    // Act
    const decision = defaults.decide(action);

    // Assess
    expect(decision.approval).toEqual({
      approverUserIds: [],
      approverGroups: [],
      quorum: 1,
      allowSelfApproval: false,
      expiresInSeconds: 3_600,
    });
  });

  it('denies when the deciding policies name no approver in common', () => {
    // Prepare
    const action = proposedAction({
      intendedTools: ['google_admin__add_user', 'jira__create_issue'],
    });

    // Act
    const decision = engine.decide(action);

    // Assess
    expect(decision.outcome).toBe('deny');
    expect(decision.approval).toBeUndefined();
    expect(decision.policyIds).toEqual(['accounts', 'jira']);
    expect(decision.reason).toContain('no one in common');
  });

  it('returns no approval requirements with allow or deny', () => {
    // Prepare
    const engineWithDeny = engineWith(
      `${APPROVALS}\n@id("deny-drive") forbid (principal, action == Action::"drive__share_file", resource);`,
    );

    // Act
    const denied = engineWithDeny.decide(proposedAction({ intendedTools: ['drive__share_file'] }));

    // Assess
    expect(denied.outcome).toBe('deny');
    expect(denied.approval).toBeUndefined();
  });
});

const CONTEXT_POLICIES = `
@id("contractors-cannot-be-added")
forbid (principal, action == Action::"google_admin__add_user", resource)
when { resource.hasTag("primary_email") && resource.getTag("primary_email") like "*@contractors.example.com" };

@id("out-of-hours")
@outcome("require_approval")
forbid (principal, action, resource) when { context.hourUtc < 7 || context.hourUtc >= 19 };

@id("weekend")
forbid (principal, action, resource) when { context.weekdayUtc == 0 || context.weekdayUtc == 6 };

@id("admins-add-users")
permit (principal in Group::"it-admins", action == Action::"google_admin__add_user", resource);

@id("prod-account-roles")
@outcome("require_approval")
forbid (principal, action, resource)
when { context.environment == "prod" && context has resource && context.resource like "arn:aws:iam::111111111111:*" };

@id("big-amounts")
@outcome("require_approval")
forbid (principal, action, resource)
when { context has amount && context.amount.greaterThan(decimal("1000.0")) };

@id("only-from-ops-channel")
forbid (principal, action, resource)
when { context.source == "slack" }
unless { context has channel && context.channel == "C_OPS" };

@id("jira-project")
@outcome("require_approval")
forbid (principal, action in Action::"server:jira", resource)
when { context.tools.contains("jira__delete_project") };

@id("staff-email")
permit (principal, action == Action::"gifs__search_gifs", resource)
when { principal has email && principal.email like "*@example.com" };
`;

describe('what policies can read', () => {
  const admin = { userId: 'U_ADMIN', groups: ['it-admins'] };

  it.each([
    {
      name: 'tool arguments (as resource tags): refused',
      fields: {
        requester: admin,
        toolCalls: [
          {
            tool: 'google_admin__add_user',
            arguments: { primary_email: 'x@contractors.example.com' },
          },
        ],
      },
      outcome: 'deny',
      policyIds: ['contractors-cannot-be-added'],
    },
    {
      name: 'tool arguments (as resource tags): accepted',
      fields: {
        requester: admin,
        toolCalls: [
          { tool: 'google_admin__add_user', arguments: { primary_email: 'x@example.com' } },
        ],
      },
      outcome: 'allow',
      policyIds: ['admins-add-users'],
    },
    {
      name: 'group membership of the requester',
      fields: {
        requester: { userId: 'U2', groups: ['sales'] },
        intendedTools: ['google_admin__add_user'],
      },
      outcome: 'require_approval',
      policyIds: [],
    },
    {
      name: 'time of day',
      fields: { requester: admin, intendedTools: ['google_admin__add_user'] },
      at: '2025-01-15T22:30:00Z',
      outcome: 'require_approval',
      policyIds: ['out-of-hours'],
    },
    {
      name: 'day of week',
      fields: { requester: admin, intendedTools: ['google_admin__add_user'] },
      at: '2025-01-18T10:00:00Z',
      outcome: 'deny',
      policyIds: ['weekend'],
    },
    {
      name: "the deployment's environment and the resource the call's arguments name",
      environment: 'prod',
      fields: {
        requester: admin,
        toolCalls: [
          {
            tool: 'google_admin__add_amazon_role',
            arguments: { admin_role: 'arn:aws:iam::111111111111:role/admin' },
          },
        ],
      },
      outcome: 'require_approval',
      policyIds: ['prod-account-roles'],
    },
    {
      name: 'the same call in another deployment',
      environment: 'dev',
      fields: {
        requester: admin,
        toolCalls: [
          {
            tool: 'google_admin__add_amazon_role',
            arguments: { admin_role: 'arn:aws:iam::111111111111:role/admin' },
          },
        ],
      },
      outcome: 'require_approval',
      policyIds: [],
    },
    {
      name: 'an environment and a resource the requester claims: not read',
      environment: 'dev',
      fields: {
        requester: admin,
        environment: 'prod',
        resource: 'arn:aws:iam::111111111111:role/admin',
        intendedTools: ['google_admin__add_user'],
      },
      outcome: 'allow',
      policyIds: ['admins-add-users'],
    },
    {
      name: "the amount the call's arguments name",
      fields: {
        requester: admin,
        toolCalls: [{ tool: 'google_admin__add_user', arguments: { amount: 1000.5 } }],
      },
      outcome: 'require_approval',
      policyIds: ['big-amounts'],
    },
    {
      name: 'amount at the bound',
      fields: {
        requester: admin,
        toolCalls: [{ tool: 'google_admin__add_user', arguments: { amount: 1000 } }],
      },
      outcome: 'allow',
      policyIds: ['admins-add-users'],
    },
    {
      name: 'an amount the requester claims: not read',
      fields: { requester: admin, intendedTools: ['google_admin__add_user'], amount: 1000.5 },
      outcome: 'allow',
      policyIds: ['admins-add-users'],
    },
    {
      name: 'channel of origin',
      fields: {
        requester: admin,
        intendedTools: ['google_admin__add_user'],
        origin: { source: 'slack', channelId: 'C_RANDOM' },
      },
      outcome: 'deny',
      policyIds: ['only-from-ops-channel'],
    },
    {
      name: 'the other tools of the action',
      fields: { intendedTools: ['jira__create_issue', 'jira__delete_project'] },
      outcome: 'require_approval',
      policyIds: ['jira-project'],
    },
    {
      name: 'requester attributes',
      fields: {
        requester: { userId: 'U3', email: 'u3@example.com', groups: [] },
        intendedTools: ['gifs__search_gifs'],
      },
      outcome: 'allow',
      policyIds: ['staff-email'],
    },
  ] satisfies {
    name: string;
    /** The deployment's environment (its configuration). */
    environment?: string;
    fields: Partial<ProposedActionInput>;
    at?: string;
    outcome: PolicyOutcome;
    policyIds: string[];
  }[])('$name', ({ environment, fields, at, outcome, policyIds }) => {
    // Prepare
    const engine = engineWith(CONTEXT_POLICIES, environment === undefined ? {} : { environment });
    const action = proposedAction(fields);

    // Act
    const sliced = engine.decide(action, { now: at === undefined ? NOW : new Date(at) });
    const whole = engine.decide(action, {
      now: at === undefined ? NOW : new Date(at),
      slicing: false,
    });

    // Assess
    expect(sliced.outcome).toBe(outcome);
    expect(sliced.policyIds).toEqual(policyIds);
    expect(whole).toEqual(sliced);
  });

  it('takes the time from the clock when the call gives none', () => {
    // Prepare
    const night = new PolicyEngine({
      catalog: CATALOG,
      policies: [{ name: 'test.cedar', text: CONTEXT_POLICIES }],
      clock: () => new Date('2025-01-15T03:00:00Z'),
    });
    const action = proposedAction({ requester: admin, intendedTools: ['google_admin__add_user'] });

    // Act
    const decision = night.decide(action);

    // Assess
    expect(decision.policyIds).toEqual(['out-of-hours']);
  });
});

describe('policies that fail while being evaluated', () => {
  const overflowing: PolicySource = {
    name: 'overflow.cedar',
    text: `
@id("overflowing-approval")
@outcome("require_approval")
forbid (principal, action, resource) when { context.riskWeight + 9223372036854775807 > 0 };

@id("overflowing-permit")
permit (principal, action, resource) when { context.riskWeight + 9223372036854775807 > 0 };

@id("read-only")
permit (principal, action in Action::"hint:read_only", resource);
`,
  };

  it('counts a failing forbid as matching and says so', () => {
    // Prepare
    const engine = new PolicyEngine({
      catalog: CATALOG,
      policies: [overflowing],
      clock: fixedClock,
    });
    const action = proposedAction({ intendedTools: ['gifs__search_gifs'] });

    // Act
    const { decision, verdicts } = engine.evaluate(action);

    // Assess
    expect(decision.outcome).toBe('require_approval');
    expect(decision.policyIds).toEqual(['overflowing-approval']);
    expect(decision.reason).toContain('could not be evaluated');
    expect(verdicts[0]?.errors.map((error) => error.policyId).sort()).toEqual([
      'overflowing-approval',
      'overflowing-permit',
    ]);
  });
});
