import type { PolicyDecision } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { type PlanInput, type Planner, planRequest } from '../../src/index.js';
import { InMemoryExecutionAudit } from '../../src/testing/index.js';
import { catalogue } from '../support/execute.js';
import { FixedPolicy } from '../support/policy.js';
import { InMemoryTools } from '../support/tools.js';
import { ALLOW, DENY, ownStep, RESET, requireApproval, SEARCH, World } from '../support/world.js';

const TOTP = 'totp__get_totp_code';

/** A planner that makes the given look-ups, then proposes one exact call with what it learnt. */
class LookingPlanner implements Planner {
  readonly answers: { text: string; isError: boolean }[] = [];

  constructor(private readonly lookups: { tool: string; arguments: Record<string, unknown> }[]) {}

  async propose(input: PlanInput) {
    for (const call of this.lookups) {
      if (!input.lookup) throw new Error('no look-ups were offered');
      this.answers.push(await input.lookup(call));
    }
    return {
      summary: `Reset 2FA (${this.answers.map((answer) => answer.text).join('; ')})`,
      category: 'user_account_access' as const,
      environment: 'dev',
      intendedTools: [RESET],
      toolCalls: [{ tool: RESET, arguments: { email: 'bob@example.com' } }],
    };
  }
}

function setup(verdict: PolicyDecision, maxLookups?: number) {
  const world = new World();
  const tools = catalogue();
  const audit = new InMemoryExecutionAudit(world.clock);
  const policy = new FixedPolicy(verdict);
  const lookups = { policy, sessions: tools, audit, clock: world.clock.now, maxLookups };
  return { world, tools, audit, policy, lookups };
}

describe('planRequest with look-ups', () => {
  it('runs a look-up policy allows outright, records it, and hands the answer to the planner', async () => {
    // Prepare
    const { world, tools, audit, policy, lookups } = setup(ALLOW);
    const item = await world.received({ toolCalls: undefined });
    const planner = new LookingPlanner([{ tool: SEARCH, arguments: { query: 'bob' } }]);

    // Act
    await planRequest({ approvals: world.approvals, planner, lookups }, ownStep(item));

    // Assess
    expect(planner.answers).toEqual([{ text: 'cats for bob', isError: false }]);
    expect(tools.opened).toEqual([
      {
        requestId: item.requestId,
        requester: item.requester,
        allowedTools: [SEARCH],
        pins: undefined,
      },
    ]);
    expect(policy.asked[0]).toMatchObject({
      intendedTools: [SEARCH],
      toolCalls: [{ tool: SEARCH, arguments: { query: 'bob' } }],
    });
    expect(
      audit.of(item.requestId).map((event) => [event.type, event.actor, event.data.tool]),
    ).toEqual([
      ['lookup_call.started', 'planner', SEARCH],
      ['lookup_call.finished', 'planner', SEARCH],
    ]);
    expect((await world.stored(item.requestId)).action.summary).toBe('Reset 2FA (cats for bob)');
  });

  it.each<[string, PolicyDecision]>([
    ['needs approval', requireApproval()],
    ['is denied', DENY],
  ])(
    'runs nothing when policy says the look-up %s, and tells the planner why',
    async (_, verdict) => {
      // Prepare
      const { world, tools, audit, lookups } = setup(verdict);
      const item = await world.received({ toolCalls: undefined });
      const planner = new LookingPlanner([
        { tool: RESET, arguments: { email: 'ceo@example.com' } },
      ]);

      // Act
      await planRequest({ approvals: world.approvals, planner, lookups }, ownStep(item));

      // Assess
      expect(tools.opened).toEqual([]);
      expect(tools.ran).toEqual([]);
      expect(audit.of(item.requestId)).toEqual([]);
      expect(planner.answers).toEqual([
        {
          text: expect.stringMatching(/^Not run: .*Propose it as an exact call instead\.$/),
          isError: true,
        },
      ]);
    },
  );

  it('never runs a look-up whose result is a secret, even one policy allows outright', async () => {
    // Prepare
    const world = new World();
    const tools = new InMemoryTools({
      [TOTP]: {
        description: 'a TOTP code',
        run: () => ({ text: '287082' }),
        sensitiveOutput: true,
      },
    });
    const audit = new InMemoryExecutionAudit(world.clock);
    const lookups = {
      policy: new FixedPolicy(ALLOW),
      sessions: tools,
      audit,
      clock: world.clock.now,
    };
    const item = await world.received({ toolCalls: undefined });
    const planner = new LookingPlanner([{ tool: TOTP, arguments: { secret_name: 'demo' } }]);

    // Act
    await planRequest({ approvals: world.approvals, planner, lookups }, ownStep(item));

    // Assess
    expect(planner.answers).toEqual([
      { text: expect.stringContaining('returns a secret'), isError: true },
    ]);
    expect(tools.ran).toEqual([]);
    expect(JSON.stringify(await world.stored(item.requestId))).not.toContain('287082');
  });

  it('stops running look-ups past the limit', async () => {
    // Prepare
    const { world, tools, lookups } = setup(ALLOW, 1);
    const item = await world.received({ toolCalls: undefined });
    const planner = new LookingPlanner([
      { tool: SEARCH, arguments: { query: 'one' } },
      { tool: SEARCH, arguments: { query: 'two' } },
    ]);

    // Act
    await planRequest({ approvals: world.approvals, planner, lookups }, ownStep(item));

    // Assess
    expect(tools.ran.map((call) => call.arguments)).toEqual([{ query: 'one' }]);
    expect(planner.answers[1]).toEqual({
      text: 'Not run: at most 1 look-ups per plan.',
      isError: true,
    });
  });

  it("passes a look-up's own failure back to the planner as an error", async () => {
    // Prepare
    const { world, lookups } = setup(ALLOW);
    const failing = catalogue({
      [SEARCH]: () => ({ text: 'directory unavailable', isError: true }),
    });
    const item = await world.received({ toolCalls: undefined });
    const planner = new LookingPlanner([{ tool: SEARCH, arguments: { query: 'x' } }]);

    // Act
    await planRequest(
      { approvals: world.approvals, planner, lookups: { ...lookups, sessions: failing } },
      ownStep(item),
    );

    // Assess
    expect(planner.answers).toEqual([{ text: 'directory unavailable', isError: true }]);
  });
});
