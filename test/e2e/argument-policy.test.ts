import { DEFAULT_POLICY_SOURCES } from '@agentcore/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';
import { TEST_POLICIES } from '../support/ops-server.js';

// Policy sees each exact call with its arguments, and the facts it judges on (category,
// resource, environment) are the server's: a requester cannot name them in the body.

const ARGUMENT_POLICIES = {
  name: 'arguments.cedar',
  text: `@id("e2e.no-admin-resets")
@reason("2FA of admin accounts is never reset from here")
forbid (principal, action == Action::"ops__reset_2fa", resource)
when { context.arguments.email like "*@admins.example.com" };

@id("e2e.no-admin-lookups")
@reason("admin accounts are not looked up from here")
forbid (principal, action == Action::"ops__lookup_user", resource)
when { context.arguments.email like "*@admins.example.com" };

@id("e2e.sandbox-grants-only")
@reason("admin grants only for the sandbox, in the sandbox environment")
forbid (principal, action == Action::"ops__grant_admin", resource)
unless {
  context.category == "document_content_updates" &&
  context.environment == "sandbox" &&
  context has resource && context.resource == "sandbox"
};
`,
};

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem({
    policies: [...DEFAULT_POLICY_SOURCES, ...TEST_POLICIES, ARGUMENT_POLICIES],
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

async function submit(body: Record<string, unknown>): Promise<string> {
  const answer = await system.submit(body);
  expect(answer.status, answer.text).toBe(202);
  return answer.body.requestId as string;
}

describe('a policy keyed on an argument decides by the argument', () => {
  it('requires approval to reset 2FA for a staff account and denies it for an admin account', async () => {
    // Act
    const staff = await submit({
      toolCalls: [{ tool: 'ops__reset_2fa', arguments: { email: 'bob@example.com' } }],
    });
    const admin = await submit({
      toolCalls: [{ tool: 'ops__reset_2fa', arguments: { email: 'root@admins.example.com' } }],
    });

    // Assess
    const pending = await system.waitFor(staff, 'pending');
    const denied = await system.waitFor(admin, 'denied');
    expect(pending.policy?.policyIds).toEqual(['default.destructive-tools']);
    expect(denied.policy?.policyIds).toEqual(['e2e.no-admin-resets']);
    expect(denied.statusReason).toContain('2FA of admin accounts is never reset from here');
    expect(system.ops.callsOf('reset_2fa', 'root@admins.example.com')).toEqual([]);
  });

  it('runs a lookup of a staff account at once and denies the same lookup of an admin account', async () => {
    // Act
    const staff = await submit({
      toolCalls: [{ tool: 'ops__lookup_user', arguments: { email: 'pat@example.com' } }],
    });
    const admin = await submit({
      toolCalls: [{ tool: 'ops__lookup_user', arguments: { email: 'ops@admins.example.com' } }],
    });

    // Assess
    await system.waitFor(staff, 'completed');
    const denied = await system.waitFor(admin, 'denied');
    expect(denied.policy?.policyIds).toEqual(['e2e.no-admin-lookups']);
    expect(system.ops.callsOf('lookup_user', 'pat@example.com')).toHaveLength(1);
    expect(system.ops.callsOf('lookup_user', 'ops@admins.example.com')).toEqual([]);
  });

  it('judges each call of a request: one call on an admin account denies the whole request', async () => {
    // Act
    const mixed = await submit({
      toolCalls: [
        { tool: 'ops__reset_2fa', arguments: { email: 'amy@example.com' } },
        { tool: 'ops__reset_2fa', arguments: { email: 'sec@admins.example.com' } },
      ],
    });

    // Assess
    const denied = await system.waitFor(mixed, 'denied');
    expect(denied.policy?.reason).toContain('ops__reset_2fa (call 2)');
    expect(system.ops.callsOf('reset_2fa', 'amy@example.com')).toEqual([]);
  });
});

describe('category, resource and environment are the server’s', () => {
  it('ignores a category, environment, resource and amount in the body', async () => {
    // Act: what the requester claims would satisfy the sandbox-only policy.
    const claimed = await submit({
      category: 'document_content_updates',
      environment: 'sandbox',
      resource: 'sandbox',
      amount: 0,
      toolCalls: [{ tool: 'ops__grant_admin', arguments: { email: 'eve@example.com' } }],
    });

    // Assess: judged on the derived facts (category other, environment dev, resource the email).
    const denied = await system.waitFor(claimed, 'denied');
    expect(denied.policy?.policyIds).toEqual(['e2e.sandbox-grants-only']);
    expect(denied.action).toMatchObject({ category: 'other', environment: 'dev' });
    expect(denied.action.resource).toBeUndefined();
    expect(denied.action.amount).toBeUndefined();
    expect(system.ops.callsOf('grant_admin', 'eve@example.com')).toEqual([]);
  });

  it('has no flags for them in the CLI', async () => {
    for (const flag of ['--category', '--environment', '--resource']) {
      // Act
      const outcome = await system.hitl(
        'run',
        '--tool',
        'ops__lookup_user',
        '--args',
        '{"email":"pat@example.com"}',
        flag,
        'x',
      );

      // Assess
      expect(outcome.code).not.toBe(0);
      expect(outcome.stderr).toContain(`Unknown option '${flag}'`);
    }
  });
});
