import type { PolicyDecision, ProposedAction } from '@agentcore/core';
import { ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  type AmendCallsDeps,
  amendProposedCalls,
  NotAuthorisedError,
  type PolicyPort,
  recordApproverDecision,
  WrongStatusError,
} from '../../src/index.js';
import {
  ALICE,
  BOB,
  CAROL,
  DENY,
  HOUR,
  MALLORY,
  RESET,
  refusal,
  requireApproval,
  SUSPEND,
  World,
} from '../support/world.js';

/** Policy keyed on an argument: VIP accounts are denied, admins need two approvals. */
class ArgumentPolicy implements PolicyPort {
  readonly asked: ProposedAction[] = [];

  async decide(action: ProposedAction): Promise<PolicyDecision> {
    this.asked.push(structuredClone(action));
    const emails = (action.toolCalls ?? []).map((call) => String(call.arguments.email));
    if (emails.some((email) => email.endsWith('@vip.example.com'))) return DENY;
    if (emails.some((email) => email.endsWith('@admins.example.com'))) {
      return { ...requireApproval({ quorum: 2 }), policyIds: ['admins-need-two'] };
    }
    return requireApproval();
  }
}

function setup() {
  const world = new World();
  const policy = new ArgumentPolicy();
  const deps: AmendCallsDeps = {
    approvals: world.approvals,
    directory: world.directory,
    clock: world.clock.now,
    policy,
    tokens: world.tokens,
    pinner: { pin: async (tools) => Object.fromEntries(tools.map((t) => [t, `repinned-${t}`])) },
  };
  const decideDeps = {
    approvals: world.approvals,
    tokens: world.tokens,
    directory: world.directory,
    clock: world.clock.now,
  };
  return { world, policy, deps, decideDeps };
}

const TWO_CALLS = [
  { tool: RESET, arguments: { email: 'bob@example.com' }, description: 'Reset 2FA for bob' },
  { tool: SUSPEND, arguments: { email: 'bob@example.com' } },
];

describe('amendProposedCalls', () => {
  it('replaces the arguments, re-runs policy on them, re-pins, and voids the votes cast so far', async () => {
    // Prepare
    const { world, policy, deps, decideDeps } = setup();
    const item = await world.inStatus('pending', {
      toolCalls: TWO_CALLS,
      policy: requireApproval({ quorum: 2 }),
    });
    await recordApproverDecision(decideDeps, {
      requestId: item.requestId,
      approver: BOB,
      verdict: 'approved',
      allowedTools: [RESET],
    });

    // Act
    const edited = await amendProposedCalls(deps, {
      requestId: item.requestId,
      editor: CAROL,
      edits: [{ call: 0, arguments: { email: 'root@admins.example.com' } }],
      comment: 'the ticket names root',
    });

    // Assess
    expect(edited.status).toBe('pending');
    expect(edited.action.toolCalls?.[0]).toEqual({
      tool: RESET,
      arguments: { email: 'root@admins.example.com' },
    });
    expect(edited.action.toolCalls?.[1]).toEqual(TWO_CALLS[1]);
    // What approvers read is said from the calls as edited, not the planner's words about bob
    expect(edited.action.summary).toContain(`Edited by ${CAROL}`);
    expect(edited.action.summary).toContain('root@admins.example.com');
    expect(edited.action.summary).not.toContain(item.action.summary);
    expect(edited.action.resource).toBeUndefined();
    expect(policy.asked[0]?.toolCalls?.[0]?.arguments).toEqual({
      email: 'root@admins.example.com',
    });
    expect(edited.policy?.policyIds).toEqual(['admins-need-two']);
    expect(edited.votes).toEqual([]);
    expect(edited.allowedTools).toEqual([RESET, SUSPEND]);
    expect(edited.toolPins).toEqual({
      [RESET]: `repinned-${RESET}`,
      [SUSPEND]: `repinned-${SUSPEND}`,
    });
    expect(edited.taskToken).toBe(item.taskToken);
    expect(edited.expiresAt).toBe(item.expiresAt);
    const amended = world.approvals.auditEvents(item.requestId).at(-1);
    expect(amended).toMatchObject({
      type: 'request.amended',
      actor: CAROL,
      data: {
        edit: 'calls',
        votesCleared: 1,
        comment: 'the ticket names root',
        changes: [
          {
            call: 0,
            tool: RESET,
            before: { email: 'bob@example.com' },
            after: { email: 'root@admins.example.com' },
          },
        ],
      },
    });
    expect(world.tokens.deliveries).toEqual([]);
  });

  it('ends the request denied, and answers the waiting workflow, when policy denies the edited calls', async () => {
    // Prepare
    const { world, deps } = setup();
    const item = await world.inStatus('pending', { toolCalls: TWO_CALLS, taskToken: 'token-9' });

    // Act
    const edited = await amendProposedCalls(deps, {
      requestId: item.requestId,
      editor: BOB,
      edits: [{ call: 1, arguments: { email: 'ceo@vip.example.com' } }],
    });

    // Assess
    expect(edited.status).toBe('denied');
    expect(edited.statusReason).toContain('edited by U_BOB');
    expect(edited.statusReason).toContain('"ceo@vip.example.com"');
    expect(edited.statusReason).toContain(DENY.reason);
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'token-9', output: { verdict: 'denied' } },
    ]);
  });

  it('refuses someone who may not decide the request, and the requester, changing nothing', async () => {
    // Prepare
    const { world, deps } = setup();
    const item = await world.inStatus('pending', { toolCalls: TWO_CALLS });
    const before = await world.snapshot(item.requestId);
    const edit = (editor: string) =>
      amendProposedCalls(deps, {
        requestId: item.requestId,
        editor,
        edits: [{ call: 0, arguments: { email: 'x@example.com' } }],
      });

    // Act
    const stranger = await refusal(() => edit(MALLORY));
    const requester = await refusal(() => edit(ALICE.userId));

    // Assess
    expect(stranger).toBeInstanceOf(NotAuthorisedError);
    expect(requester).toBeInstanceOf(NotAuthorisedError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });

  it('refuses an edit after expiresAt with the time it expired', async () => {
    // Prepare
    const { world, deps } = setup();
    const item = await world.inStatus('pending', { toolCalls: TWO_CALLS, expiresInMs: HOUR });
    world.clock.advance(HOUR);

    // Act
    const late = await refusal(() =>
      amendProposedCalls(deps, {
        requestId: item.requestId,
        editor: BOB,
        edits: [{ call: 0, arguments: { email: 'x@example.com' } }],
      }),
    );

    // Assess
    expect(late).toBeInstanceOf(WrongStatusError);
    expect((late as Error).message).toBe(
      `request ${item.requestId} expired at ${item.expiresAt}; it can no longer be edited`,
    );
  });

  it('refuses calls that do not exist, a call edited twice, and requests without exact calls', async () => {
    // Prepare
    const { world, deps } = setup();
    const direct = await world.inStatus('pending', { toolCalls: TWO_CALLS });
    const worded = await world.inStatus('pending', {
      toolCalls: undefined,
      intendedTools: [RESET],
    });
    const args = { email: 'x@example.com' };

    // Act
    const missing = await refusal(() =>
      amendProposedCalls(deps, {
        requestId: direct.requestId,
        editor: BOB,
        edits: [{ call: 2, arguments: args }],
      }),
    );
    const twice = await refusal(() =>
      amendProposedCalls(deps, {
        requestId: direct.requestId,
        editor: BOB,
        edits: [
          { call: 0, arguments: args },
          { call: 0, arguments: args },
        ],
      }),
    );
    const noCalls = await refusal(() =>
      amendProposedCalls(deps, {
        requestId: worded.requestId,
        editor: BOB,
        edits: [{ call: 0, arguments: args }],
      }),
    );

    // Assess
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as ValidationError).issues[0]?.path).toBe('edits.0.call');
    expect((twice as ValidationError).issues[0]).toMatchObject({ path: 'edits.1.call' });
    expect((noCalls as ValidationError).issues[0]?.message).toContain('no exact calls');
  });

  it('changes nothing when the edit gives the arguments the call already has (a retry)', async () => {
    // Prepare
    const { world, deps, decideDeps } = setup();
    const item = await world.inStatus('pending', {
      toolCalls: TWO_CALLS,
      policy: requireApproval({ quorum: 2 }),
    });
    await recordApproverDecision(decideDeps, {
      requestId: item.requestId,
      approver: BOB,
      verdict: 'approved',
    });
    const before = await world.snapshot(item.requestId);

    // Act
    await amendProposedCalls(deps, {
      requestId: item.requestId,
      editor: CAROL,
      edits: [{ call: 0, arguments: { email: 'bob@example.com' } }],
    });

    // Assess
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });
});
