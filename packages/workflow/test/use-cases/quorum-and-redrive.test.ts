import { describe, expect, it } from 'vitest';
import {
  type AwaitApprovalDeps,
  awaitApproval,
  executeRequest,
  type RecordDecisionDeps,
  recordApproverDecision,
} from '../../src/index.js';
import { executeDeps } from '../support/execute.js';
import { InMemoryTools } from '../support/tools.js';
import { BOB, CAROL, ownStep, RESET, requireApproval, SUSPEND, World } from '../support/world.js';

function decisionDeps(world: World): RecordDecisionDeps {
  return {
    approvals: world.approvals,
    tokens: world.tokens,
    directory: world.directory,
    clock: world.clock.now,
  };
}

describe('across use-cases', () => {
  it('a quorum authorises only the tools every approving vote approved (tool sets intersect)', async () => {
    // Prepare: two approvers needed; BOB approves only the reset, CAROL approves everything
    const world = new World();
    const tools = new InMemoryTools({
      [RESET]: () => ({ text: 'reset' }),
      [SUSPEND]: () => ({ text: 'suspended' }),
    });
    const item = await world.inStatus('pending', { policy: requireApproval({ quorum: 2 }) });
    await world.approvals.amend(item.requestId, {
      status: 'pending',
      actor: 'test',
      changes: { toolPins: { [RESET]: tools.pinOf(RESET), [SUSPEND]: tools.pinOf(SUSPEND) } },
    });

    // Act
    await recordApproverDecision(decisionDeps(world), {
      requestId: item.requestId,
      approver: BOB,
      verdict: 'approved',
      allowedTools: [RESET],
    });
    const decided = await recordApproverDecision(decisionDeps(world), {
      requestId: item.requestId,
      approver: CAROL,
      verdict: 'approved',
    });
    await executeRequest(executeDeps(world, tools), ownStep(item));

    // Assess: the suspension was approved by one person only, so it must not run
    expect(decided.status).toBe('approved');
    expect(decided.allowedTools).toEqual([RESET]);
    expect(tools.ran.map((call) => call.tool)).not.toContain(SUSPEND);
  });

  it('a re-driven wait that loses a race with a decision hands that decision to its new token', async () => {
    // Prepare: the decision lands after the re-driven step read the request as pending
    const world = new World();
    const item = await world.inStatus('pending', { taskToken: 'token-old' });
    world.tokens.stopWaiting('token-old');
    const approvals = world.approvals;
    const racing: AwaitApprovalDeps['approvals'] = {
      create: (...args) => approvals.create(...args),
      get: (...args) => approvals.get(...args),
      transition: (...args) => approvals.transition(...args),
      recordDecision: (...args) => approvals.recordDecision(...args),
      startNextStep: (...args) => approvals.startNextStep(...args),
      listByStatus: (...args) => approvals.listByStatus(...args),
      listByRequester: (...args) => approvals.listByRequester(...args),
      amend: async (...args) => {
        await recordApproverDecision(decisionDeps(world), {
          requestId: item.requestId,
          approver: BOB,
          verdict: 'approved',
        });
        return approvals.amend(...args);
      },
    };
    const tools = new InMemoryTools({});

    // Act
    const outcome = await awaitApproval(
      {
        approvals: racing,
        pinner: tools,
        notifier: world.notifier,
        tokens: world.tokens,
        clock: world.clock.now,
      },
      {
        ...ownStep(item),
        taskToken: 'token-new',
        expiresInSeconds: 900,
        policy: requireApproval(),
      },
    ).catch((error: unknown) => error);

    // Assess: the step does not fail (MarkFailed would fail the approved request); it hands over
    expect(outcome).toBeUndefined();
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'token-new', output: { verdict: 'approved' } },
    ]);
  });
});
