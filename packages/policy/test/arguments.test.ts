import type { ToolCall } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { InvalidPolicyError, PolicyEngine, type ToolCatalogInput } from '../src/index.js';
import { fixedClock, proposedAction } from './support/actions.js';

// Input schemas as the MCP servers list them (JSON Schema, as zod renders it).
const ROLE_CHANGE = {
  type: 'object',
  properties: {
    user_key: { type: 'string' },
    admin_role: { type: 'string' },
    identity_provider: { type: 'string' },
  },
  required: ['user_key', 'admin_role', 'identity_provider'],
};
const BY_EMAIL = {
  type: 'object',
  properties: { email: { type: 'string', format: 'email' } },
  required: ['email'],
};
const TRANSFER = {
  type: 'object',
  properties: {
    amount: { type: 'number' },
    count: { type: 'integer' },
    urgent: { type: 'boolean' },
    labels: { type: 'array', items: { type: 'string' } },
    note: { type: ['string', 'null'] },
    options: { type: 'object', properties: { a: { type: 'string' } } },
  },
  required: ['amount'],
};

const CATALOG: ToolCatalogInput = {
  tools: [
    { name: 'google_admin__add_amazon_role', inputSchema: ROLE_CHANGE },
    {
      name: 'ops__reset_2fa',
      annotations: { destructiveHint: true },
      inputSchema: BY_EMAIL,
    },
    { name: 'ops__lookup_user', annotations: { readOnlyHint: true }, inputSchema: BY_EMAIL },
    { name: 'bank__transfer', annotations: { destructiveHint: false }, inputSchema: TRANSFER },
    { name: 'legacy__untyped' },
  ],
};

const PROD_ACCOUNT = '123456789012';

const ARGUMENT_POLICIES = `
@id("roles-allowed")
permit (principal, action == Action::"google_admin__add_amazon_role", resource);

@id("no-prod-account-roles")
@reason("no role grants in the production account")
forbid (principal, action == Action::"google_admin__add_amazon_role", resource)
when { context.arguments.admin_role like "arn:aws:iam::${PROD_ACCOUNT}:*" };

@id("resets-allowed")
permit (principal, action == Action::"ops__reset_2fa", resource);

@id("admin-resets-need-approval")
@outcome("require_approval")
@quorum("2")
@expiresIn("10m")
@approverGroups("security")
forbid (principal, action == Action::"ops__reset_2fa", resource)
when { context.arguments.email like "*@admins.example.com" };

@id("vip-resets-need-approval")
@outcome("require_approval")
@expiresIn("5m")
@approverGroups("security, helpdesk")
forbid (principal, action == Action::"ops__reset_2fa", resource)
when { context.arguments.email == "ceo@example.com" };

@id("big-urgent-transfers")
@outcome("require_approval")
forbid (principal, action == Action::"bank__transfer", resource)
when {
  context.arguments.amount.greaterThan(decimal("1000.0")) &&
  context.arguments has urgent && context.arguments.urgent &&
  context.arguments has labels && context.arguments.labels.contains("payroll") &&
  context.arguments has count && context.arguments.count > 1
};
`;

function engineWith(text: string): PolicyEngine {
  return new PolicyEngine({
    catalog: CATALOG,
    policies: [{ name: 'arguments.cedar', text }],
    clock: fixedClock,
  });
}

const engine = engineWith(ARGUMENT_POLICIES);

function decide(calls: ToolCall[], slicing = true) {
  const action = proposedAction({
    intendedTools: [...new Set(calls.map((call) => call.tool))],
    toolCalls: calls,
  });
  return engine.evaluate(action, { slicing });
}

const grant = (account: string): ToolCall => ({
  tool: 'google_admin__add_amazon_role',
  arguments: {
    user_key: 'dev@example.com',
    admin_role: `arn:aws:iam::${account}:role/Admin`,
    identity_provider: `arn:aws:iam::${account}:saml-provider/Google`,
  },
});
const reset = (email: string): ToolCall => ({ tool: 'ops__reset_2fa', arguments: { email } });

describe('policies decide on the arguments of each exact call', () => {
  it.each([true, false])('denies a role grant by its account (slicing: %s)', (slicing) => {
    // Act
    const elsewhere = decide([grant('210987654321')], slicing).decision;
    const prod = decide([grant(PROD_ACCOUNT)], slicing).decision;

    // Assess
    expect(elsewhere.outcome).toBe('allow');
    expect(prod.outcome).toBe('deny');
    expect(prod.policyIds).toEqual(['no-prod-account-roles']);
    expect(prod.reason).toContain('no role grants in the production account');
  });

  it.each([true, false])(
    'requires approval for a reset by the target email (slicing: %s)',
    (slicing) => {
      // Act
      const staff = decide([reset('pat@example.com')], slicing).decision;
      const admin = decide([reset('root@admins.example.com')], slicing).decision;

      // Assess
      expect(staff.outcome).toBe('allow');
      expect(admin.outcome).toBe('require_approval');
      expect(admin.policyIds).toEqual(['admin-resets-need-approval']);
    },
  );

  it("derives the request's category from its calls' tools, the riskiest one, whatever the request says", () => {
    // Prepare: the requester calls a role grant "other"
    const action = proposedAction({
      category: 'other',
      intendedTools: ['google_admin__add_amazon_role', 'ops__lookup_user'],
      toolCalls: [
        { tool: 'ops__lookup_user', arguments: { email: 'dev@example.com' } },
        grant('210987654321'),
      ],
    });

    // Act
    const { decision } = engine.evaluate(action);

    // Assess
    expect(decision.category).toBe('aws_role_access');
  });

  it('judges every call on its own: the strictest call decides the request', () => {
    // Act
    const { decision, verdicts } = decide([
      reset('pat@example.com'),
      grant(PROD_ACCOUNT),
      reset('root@admins.example.com'),
    ]);

    // Assess
    expect(verdicts.map((verdict) => [verdict.callIndex, verdict.outcome])).toEqual([
      [0, 'allow'],
      [2, 'require_approval'],
      [1, 'deny'],
    ]);
    expect(decision.outcome).toBe('deny');
    expect(decision.policyIds).toEqual(['no-prod-account-roles']);
    expect(decision.reason).toContain('google_admin__add_amazon_role (call 2)');
  });

  it("combines the approval every call needs: each call's approvers, the larger quorum, the shorter expiry", () => {
    // Act
    const { decision } = decide([reset('root@admins.example.com'), reset('ceo@example.com')]);

    // Assess
    expect(decision.outcome).toBe('require_approval');
    expect(decision.policyIds).toEqual(['admin-resets-need-approval', 'vip-resets-need-approval']);
    expect(decision.approval).toMatchObject({
      approverGroups: ['security'],
      quorum: 2,
      expiresInSeconds: 300,
    });
  });

  it('reads numbers, integers, booleans and sets as the input schema types them', () => {
    // Prepare
    const transfer = (args: Record<string, unknown>): ToolCall => ({
      tool: 'bank__transfer',
      arguments: args,
    });
    const payroll = { amount: 1500.5, count: 2, urgent: true, labels: ['payroll'], note: null };

    // Act
    const big = decide([transfer(payroll)]).decision;
    const small = decide([transfer({ ...payroll, amount: 999 })]).decision;
    const notUrgent = decide([transfer({ ...payroll, urgent: false })]).decision;

    // Assess
    expect(big.policyIds).toEqual(['big-urgent-transfers']);
    expect(small.policyIds).toEqual([]);
    expect(notUrgent.policyIds).toEqual([]);
  });

  it('counts a forbid on an argument as holding when the call does not give it in its type', () => {
    // Act
    const mistyped = decide([{ tool: 'ops__reset_2fa', arguments: { email: 42 } }]).decision;
    const missing = decide([{ tool: 'ops__reset_2fa', arguments: {} }]).decision;
    const noCall = engine.decide(proposedAction({ intendedTools: ['ops__reset_2fa'] }));

    // Assess
    for (const decision of [mistyped, missing, noCall]) {
      expect(decision.outcome).toBe('require_approval');
      expect(decision.policyIds).toContain('admin-resets-need-approval');
      expect(decision.reason).toContain('could not be evaluated');
    }
  });
});

describe('the Cedar schema of the arguments', () => {
  it.each([
    {
      name: 'an argument the tool does not declare',
      text: 'forbid (principal, action == Action::"ops__reset_2fa", resource) when { context.arguments.user == "x" };',
    },
    {
      name: 'an optional argument read without `has`',
      text: 'forbid (principal, action == Action::"bank__transfer", resource) when { context.arguments.urgent };',
    },
    {
      name: 'an argument compared as the wrong type',
      text: 'forbid (principal, action == Action::"bank__transfer", resource) when { context.arguments.amount == "1" };',
    },
    {
      name: 'an argument of a tool whose input schema is unknown',
      text: 'forbid (principal, action == Action::"legacy__untyped", resource) when { context.arguments.x == "1" };',
    },
    {
      name: 'an argument of an object shape, which is not declared',
      text: 'forbid (principal, action == Action::"bank__transfer", resource) when { context.arguments.options.a == "1" };',
    },
  ])('refuses a policy reading $name', ({ text }) => {
    // Act and Assess
    expect(() => engineWith(text)).toThrow(InvalidPolicyError);
  });

  it('accepts `has` on an argument a tool does not declare, for policies over many tools', () => {
    // Prepare
    const text = `@id("admins-anywhere")
@outcome("require_approval")
forbid (principal, action, resource)
when { context.arguments has email && context.arguments.email like "*@admins.example.com" };`;

    // Act
    const spanning = engineWith(text);

    // Assess
    expect(
      spanning.decide(proposedAction({ toolCalls: [reset('a@admins.example.com')] })).outcome,
    ).toBe('require_approval');
    expect(
      spanning.decide(proposedAction({ toolCalls: [grant('210987654321')] })).policyIds,
    ).toEqual([]);
  });

  it('shows policy authors the arguments each tool takes', () => {
    // Act
    const text = engine.schemaText();

    // Assess
    expect(text).toMatch(/"?arguments"?: \{[^}]*"?admin_role"?: __cedar::String/s);
    expect(text).toMatch(/"?urgent"?\?: __cedar::Bool/);
  });
});
