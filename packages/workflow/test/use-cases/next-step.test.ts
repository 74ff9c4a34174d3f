import { type ApprovalItem, approvedDigestOf, MAX_STEPS, RetryableError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  awaitApproval,
  evaluatePolicy,
  executeRequest,
  planRequest,
  recordApproverDecision,
} from '../../src/index.js';
import { InMemoryExecutionAudit } from '../../src/testing/index.js';
import { catalogue, executeDeps } from '../support/execute.js';
import { type Proposal, ScriptedPlanner } from '../support/planner.js';
import { FixedPolicy } from '../support/policy.js';
import type { InMemoryTools } from '../support/tools.js';
import { BOB, ownStep, RESET, requireApproval, SEARCH, World } from '../support/world.js';

const LOOK_UP: Proposal = {
  summary: 'Find who the on-call list names',
  category: 'other',
  environment: 'dev',
  intendedTools: [SEARCH],
  toolCalls: [{ tool: SEARCH, arguments: { query: 'on-call' } }],
  nextStep: 'reset 2FA for the person the search names',
};

const ACT: Proposal = {
  summary: 'Turn off 2-step verification for bob@example.com',
  category: 'user_account_access',
  environment: 'dev',
  intendedTools: [RESET],
  toolCalls: [{ tool: RESET, arguments: { email: 'bob@example.com' } }],
};

/** One pass of the state machine's loop over the use-cases: plan, policy, approval, run. */
async function runStep(
  world: World,
  planner: ScriptedPlanner,
  tools: InMemoryTools,
  audit: InMemoryExecutionAudit,
  item: ApprovalItem,
) {
  const policy = new FixedPolicy(requireApproval());
  await planRequest({ approvals: world.approvals, planner }, ownStep(item));
  const verdict = await evaluatePolicy(
    { approvals: world.approvals, policy, maxApprovalSeconds: 3_600 },
    ownStep(item),
  );
  await awaitApproval(
    {
      approvals: world.approvals,
      pinner: tools,
      notifier: world.notifier,
      tokens: world.tokens,
      clock: world.clock.now,
    },
    {
      ...ownStep(item),
      taskToken: `token-${(await world.stored(item.requestId)).step}`,
      expiresInSeconds: 900,
      policy: verdict.policy,
    },
  );
  const pending = await world.stored(item.requestId);
  await recordApproverDecision(
    {
      approvals: world.approvals,
      tokens: world.tokens,
      directory: world.directory,
      clock: world.clock.now,
    },
    { requestId: item.requestId, approver: BOB, verdict: 'approved' },
  );
  const report = await executeRequest(executeDeps(world, tools, audit), ownStep(item));
  return { pending, policy, report };
}

describe('a request whose next step depends on results (look up, then act)', () => {
  it('returns to planning with what ran, and the next calls go through policy and approval of their own', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue({ [SEARCH]: () => ({ text: 'on call: bob@example.com' }) });
    const audit = new InMemoryExecutionAudit(world.clock);
    const planner = new ScriptedPlanner(LOOK_UP, ACT);
    const item = await world.received({ toolCalls: undefined });

    // Act
    const first = await runStep(world, planner, tools, audit, item);
    const between = await world.stored(item.requestId);
    const second = await runStep(world, planner, tools, audit, item);
    const done = await world.stored(item.requestId);

    // Assess: the first step ran and handed over, keeping its record and nothing of its approval
    expect(first.report?.nextStep).toBe(2);
    expect(between).toMatchObject({ status: 'received', step: 2, votes: [] });
    expect(between).not.toHaveProperty('decision');
    expect(between).not.toHaveProperty('approvedDigest');
    expect(between.earlierSteps).toEqual([
      expect.objectContaining({
        step: 1,
        approvedDigest: first.pending.approvedDigest ?? expect.any(String),
        decision: expect.objectContaining({ approver: BOB, verdict: 'approved' }),
        result: expect.objectContaining({
          outcome: 'completed',
          toolCalls: [
            expect.objectContaining({ tool: SEARCH, output: 'on call: bob@example.com' }),
          ],
        }),
      }),
    ]);
    // The planner of the second step saw what the first returned, and what it meant to do next
    expect(planner.asked[1]).toMatchObject({
      intent: LOOK_UP.nextStep,
      earlierSteps: [
        expect.objectContaining({
          result: expect.objectContaining({
            toolCalls: [expect.objectContaining({ output: 'on call: bob@example.com' })],
          }),
        }),
      ],
    });
    // Policy judged the second step's own call; approvers were asked a second time
    expect(second.policy.asked.map((action) => action.toolCalls)).toEqual([ACT.toolCalls]);
    expect(second.pending).toMatchObject({ status: 'pending', step: 2, votes: [] });
    expect(world.notifier.approvalRequests.map((request) => request.step)).toEqual([1, 2]);
    // Both steps ran exactly their approved calls, and the request ended with the second
    expect(tools.ran.map((call) => [call.tool, call.arguments])).toEqual([
      [SEARCH, { query: 'on-call' }],
      [RESET, { email: 'bob@example.com' }],
    ]);
    expect(second.report?.nextStep).toBeUndefined();
    expect(done).toMatchObject({ status: 'completed', step: 2 });
    expect(done.earlierSteps).toHaveLength(1);
    const decided = world.approvals
      .auditEvents(item.requestId)
      .filter((event) => event.type === 'request.decided' || event.type === 'request.step_started');
    expect(decided.map((event) => event.type)).toEqual([
      'request.decided',
      'request.step_started',
      'request.decided',
    ]);
  });

  it('binds each approval to its step: the same calls approved in step 1 have another digest in step 2', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('approved');

    // Act
    const inStepOne = approvedDigestOf(item);
    const inStepTwo = approvedDigestOf({ ...item, step: 2 });

    // Assess
    expect(item.approvedDigest).toBe(inStepOne);
    expect(inStepTwo).not.toBe(inStepOne);
  });

  it(`stops after ${MAX_STEPS} steps: the last plan's further step is not taken`, async () => {
    // Prepare
    const world = new World();
    const tools = catalogue();
    const audit = new InMemoryExecutionAudit(world.clock);
    const again: Proposal = { ...LOOK_UP, nextStep: 'look again' };
    const planner = new ScriptedPlanner(again, again, again);
    const item = await world.received({ toolCalls: undefined });

    // Act
    const reports = [];
    for (let step = 1; step <= MAX_STEPS; step += 1) {
      reports.push((await runStep(world, planner, tools, audit, item)).report);
    }

    // Assess
    expect(reports.map((report) => report?.nextStep)).toEqual([2, 3, undefined]);
    expect(planner.asked.map((asked) => asked.lastStep ?? false)).toEqual([false, false, true]);
    const done = await world.stored(item.requestId);
    expect(done).toMatchObject({ status: 'completed', step: MAX_STEPS });
    expect(done.action).not.toHaveProperty('nextStep');
    expect(done.earlierSteps.map((step) => step.step)).toEqual([1, 2]);
  });

  it('does not go on after a failed step', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue({ [SEARCH]: () => ({ text: 'search is down', isError: true }) });
    const planner = new ScriptedPlanner(LOOK_UP);
    const item = await world.received({ toolCalls: undefined });

    // Act
    const { report } = await runStep(
      world,
      planner,
      tools,
      new InMemoryExecutionAudit(world.clock),
      item,
    );

    // Assess
    expect(report?.nextStep).toBeUndefined();
    expect(await world.stored(item.requestId)).toMatchObject({ status: 'failed', step: 1 });
  });

  it('answers a retried run of a step already handed on as before, running nothing again', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue();
    const audit = new InMemoryExecutionAudit(world.clock);
    const item = await world.received({ toolCalls: undefined });
    const { report } = await runStep(world, new ScriptedPlanner(LOOK_UP), tools, audit, item);

    // Act
    const retried = await executeRequest(executeDeps(world, tools, audit), ownStep(item));

    // Assess
    expect(retried).toEqual(report);
    expect(tools.ran).toHaveLength(1);
    expect(await world.stored(item.requestId)).toMatchObject({ status: 'received', step: 2 });
  });

  it("accounts an interrupted second step with that step's calls only", async () => {
    // Prepare: in step 2 the process dies after the reset acted, before the result is written
    const world = new World();
    const crash = new RetryableError('Lambda timed out');
    const tools = catalogue({
      [RESET]: () => {
        world.approvals.failNext('transition', crash);
        return { text: 'reset' };
      },
    });
    const audit = new InMemoryExecutionAudit(world.clock);
    const item = await world.received({ toolCalls: undefined });
    await runStep(world, new ScriptedPlanner(LOOK_UP), tools, audit, item);
    const dying = runStep(world, new ScriptedPlanner(ACT), tools, audit, item);
    await expect(dying).rejects.toBe(crash);

    // Act: Step Functions retries the step
    const report = await executeRequest(executeDeps(world, tools, audit), ownStep(item));

    // Assess
    expect(report?.toolCalls.map((call) => call.tool)).toEqual([RESET]);
    expect(tools.ran.map((call) => call.tool)).toEqual([SEARCH, RESET]);
    expect(await world.stored(item.requestId)).toMatchObject({ status: 'failed', step: 2 });
  });
});
