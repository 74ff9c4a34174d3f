import {
  type ApprovalItem,
  NotFoundError,
  newRequestId,
  RequestStatusSchema,
} from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  awaitApproval,
  evaluatePolicy,
  executeRequest,
  expireRequest,
  failRequest,
  loadForStep,
  loadRequest,
  notifyRequester,
  planRequest,
  StaleExecutionError,
  type StepTarget,
} from '../../src/index.js';
import { executeDeps } from '../support/execute.js';
import { ScriptedPlanner } from '../support/planner.js';
import { FixedPolicy } from '../support/policy.js';
import { InMemoryTools } from '../support/tools.js';
import {
  ALLOW,
  foreignSteps,
  ownStep,
  RESET,
  refusal,
  requireApproval,
  SUSPEND,
  World,
} from '../support/world.js';

describe('loadRequest', () => {
  it('returns the stored request, and NotFoundError for an id nobody recorded', async () => {
    // Prepare
    const world = new World();
    const item = await world.received();
    const unknown = newRequestId(0);

    // Act
    const loaded = await loadRequest(world.approvals, item.requestId);
    const error = await refusal(() => loadRequest(world.approvals, unknown));

    // Assess
    expect(loaded).toEqual(item);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'not_found', key: unknown });
  });
});

describe('loadForStep', () => {
  it("loads the request for a step of the request's own execution", async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending');

    // Act
    const loaded = await loadForStep(world.approvals, ownStep(item));

    // Assess
    expect(loaded).toEqual(item);
  });

  it('refuses a step for a request that does not exist', async () => {
    // Prepare
    const world = new World();
    const requestId = newRequestId(0);

    // Act
    const error = await refusal(() =>
      loadForStep(world.approvals, {
        requestId,
        executionArn: world.executions.executionArnOf(requestId),
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

/**
 * Every step the state machine sends, run for `target`. A forged or stale execution may send any
 * of them, with whatever input it likes.
 */
function everyStep(
  world: World,
  tools: InMemoryTools,
  policy: FixedPolicy,
  planner: ScriptedPlanner,
) {
  return {
    plan: (target: StepTarget) => planRequest({ approvals: world.approvals, planner }, target),
    evaluate_policy: (target: StepTarget) =>
      evaluatePolicy({ approvals: world.approvals, policy, maxApprovalSeconds: 3_600 }, target),
    await_approval: (target: StepTarget) =>
      awaitApproval(
        {
          approvals: world.approvals,
          pinner: tools,
          notifier: world.notifier,
          tokens: world.tokens,
          clock: world.clock.now,
        },
        { ...target, taskToken: 'forged-token', expiresInSeconds: 60, policy: requireApproval() },
      ),
    execute: (target: StepTarget) =>
      executeRequest(executeDeps(world, tools), { ...target, policy: ALLOW }),
    expire: (target: StepTarget) => expireRequest(world.approvals, target),
    fail: (target: StepTarget) =>
      failRequest(world.approvals, target, { Error: 'States.ALL', Cause: 'forged' }),
    notify: (target: StepTarget) =>
      notifyRequester({ approvals: world.approvals, notifier: world.notifier }, target),
  };
}

type StepName = keyof ReturnType<typeof everyStep>;
const STEPS: StepName[] = [
  'plan',
  'evaluate_policy',
  'await_approval',
  'execute',
  'expire',
  'fail',
  'notify',
];

describe("a step from any execution but the request's own", () => {
  const cases = RequestStatusSchema.options.flatMap((status) =>
    STEPS.map((step) => [step, status] as const),
  );

  it.each(cases)('%s is refused for a %s request, and changes nothing', async (step, status) => {
    // Prepare
    const world = new World();
    const tools = new InMemoryTools({
      [RESET]: () => ({ text: 'reset' }),
      [SUSPEND]: () => ({ text: 'ok' }),
    });
    const policy = new FixedPolicy(ALLOW);
    const planner = new ScriptedPlanner();
    const natural = await world.inStatus(status, {
      toolCalls: undefined,
      policy: requireApproval(),
    });
    const direct = await world.inStatus(status);
    const run = everyStep(world, tools, policy, planner)[step];

    for (const item of [natural, direct] as ApprovalItem[]) {
      const before = await world.snapshot(item.requestId);
      for (const [forgery, target] of foreignSteps(item)) {
        // Act
        const error = await refusal(() => run(target));

        // Assess
        expect(error, forgery).toBeInstanceOf(StaleExecutionError);
        expect(error, forgery).toMatchObject({ code: 'stale_execution' });
        expect((error as Error).message, forgery).toContain(target.executionArn);
      }
      expect(await world.snapshot(item.requestId)).toEqual(before);
    }
    expect(planner.asked).toEqual([]);
    expect(policy.asked).toEqual([]);
    expect(tools.pinned).toEqual([]);
    expect(tools.opened).toEqual([]);
    expect(world.tokens.deliveries).toEqual([]);
    expect(world.notifier.approvalRequests).toEqual([]);
    expect(world.notifier.finishedItems).toEqual([]);
  });
});
