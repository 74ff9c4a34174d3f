import { RequestStatusSchema, RetryableError, ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { NotUnderstoodError, type PlanDeps, planRequest } from '../../src/index.js';
import { type Proposal, ScriptedPlanner } from '../support/planner.js';
import { ALICE, ownStep, RESET, refusal, SEARCH, World } from '../support/world.js';

function deps(world: World, planner: ScriptedPlanner = new ScriptedPlanner()): PlanDeps {
  return { approvals: world.approvals, planner };
}

const PROPOSAL: Proposal = {
  summary: 'Turn off 2-step verification for bob@example.com',
  category: 'user_account_access',
  resource: 'bob@example.com',
  environment: 'dev',
  intendedTools: [RESET],
  toolCalls: [{ tool: RESET, arguments: { email: 'bob@example.com' } }],
};

describe('planRequest', () => {
  it('stores the validated proposal for a natural-language request, keeping who asked', async () => {
    // Prepare
    const world = new World();
    const item = await world.received({ toolCalls: undefined });
    const planner = new ScriptedPlanner(PROPOSAL);

    // Act
    await planRequest(deps(world, planner), ownStep(item));

    // Assess
    expect(planner.asked).toEqual([
      {
        query: item.action.query,
        requester: ALICE,
        origin: item.action.origin,
        environment: 'dev',
      },
    ]);
    const planned = await world.stored(item.requestId);
    expect(planned).toMatchObject({
      status: 'received',
      version: item.version + 1,
      intendedTools: [RESET],
      action: {
        ...PROPOSAL,
        requester: ALICE,
        origin: item.action.origin,
        query: item.action.query,
      },
    });
    expect(world.approvals.auditEvents(item.requestId).at(-1)).toEqual({
      requestId: item.requestId,
      type: 'request.amended',
      actor: 'planner',
      data: { status: 'received', fields: ['action', 'intendedTools'] },
    });
  });

  it('keeps what the proposal leaves out as the request was submitted', async () => {
    // Prepare
    const world = new World();
    const item = await world.received({ toolCalls: undefined });
    const planner = new ScriptedPlanner({
      summary: 'Search for cat gifs',
      intendedTools: [SEARCH],
      toolCalls: [{ tool: SEARCH, arguments: { query: 'cat' } }],
    } as unknown as Proposal);

    // Act
    await planRequest(deps(world, planner), ownStep(item));

    // Assess
    expect((await world.stored(item.requestId)).action).toMatchObject({
      summary: 'Search for cat gifs',
      category: 'user_account_access',
      intendedTools: [SEARCH],
    });
  });

  it('leaves a direct-mode request alone, asking no planner', async () => {
    // Prepare
    const world = new World();
    const item = await world.received();
    const before = await world.snapshot(item.requestId);
    const planner = new ScriptedPlanner();

    // Act
    await planRequest(deps(world, planner), ownStep(item));

    // Assess
    expect(planner.asked).toEqual([]);
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });

  it.each<[string, Proposal]>([
    ['no calls at all', { ...PROPOSAL, toolCalls: undefined }],
    ['an empty list of calls', { ...PROPOSAL, toolCalls: [] }],
  ])(
    'ends a request whose plan has %s with why, storing nothing for approvers to approve',
    async (_, proposal) => {
      // Prepare: only the tools are named (the old agent mode), never the exact arguments
      const world = new World();
      const item = await world.received({ toolCalls: undefined });
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() =>
        planRequest(deps(world, new ScriptedPlanner(proposal)), ownStep(item)),
      );

      // Assess
      expect(error).toBeInstanceOf(NotUnderstoodError);
      expect((error as Error).message).toContain('could not be turned into exact tool calls');
      expect(await world.snapshot(item.requestId)).toEqual(before);
    },
  );

  it('plans again a request stored with tools but no exact calls', async () => {
    // Prepare
    const world = new World();
    const item = await world.received({ toolCalls: undefined, intendedTools: [SEARCH] });
    const planner = new ScriptedPlanner(PROPOSAL);

    // Act
    await planRequest(deps(world, planner), ownStep(item));

    // Assess
    expect(planner.asked).toHaveLength(1);
    expect((await world.stored(item.requestId)).action.toolCalls).toEqual(PROPOSAL.toolCalls);
  });

  it.each(RequestStatusSchema.options.filter((status) => status !== 'received'))(
    'leaves a %s request alone',
    async (status) => {
      // Prepare
      const world = new World();
      const item = await world.inStatus(status, { toolCalls: undefined });
      const planner = new ScriptedPlanner(PROPOSAL);
      const before = await world.snapshot(item.requestId);

      // Act
      await planRequest(deps(world, planner), ownStep(item));

      // Assess
      expect(planner.asked).toEqual([]);
      expect(await world.snapshot(item.requestId)).toEqual(before);
    },
  );

  it("throws NotUnderstoodError with the planner's words when it cannot plan the request", async () => {
    // Prepare
    const world = new World();
    const item = await world.received({ toolCalls: undefined });
    const before = await world.snapshot(item.requestId);
    const planner = new ScriptedPlanner({ notUnderstood: 'I could not understand "make it so".' });

    // Act
    const error = await refusal(() => planRequest(deps(world, planner), ownStep(item)));

    // Assess
    expect(error).toBeInstanceOf(NotUnderstoodError);
    expect(error).toMatchObject({
      code: 'not_understood',
      message: 'I could not understand "make it so".',
    });
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });

  it.each<[string, Proposal]>([
    ['a tool name a model made up', { ...PROPOSAL, intendedTools: ['reset 2fa; drop table'] }],
    ['a blank summary', { ...PROPOSAL, summary: '   ' }],
    ['an unknown category', { ...PROPOSAL, category: 'root_access' as Proposal['category'] }],
    [
      'a call with a malformed tool',
      { ...PROPOSAL, toolCalls: [{ tool: '../../etc/passwd', arguments: {} }] },
    ],
    [
      'too many tools',
      { ...PROPOSAL, intendedTools: Array.from({ length: 65 }, (_, i) => `tool__n${i}`) },
    ],
  ])(
    'refuses a proposal with %s, storing nothing, and takes a good one on retry',
    async (_, bad) => {
      // Prepare
      const world = new World();
      const item = await world.received({ toolCalls: undefined });
      const planner = new ScriptedPlanner(bad, PROPOSAL);
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() => planRequest(deps(world, planner), ownStep(item)));
      const afterRefusal = await world.snapshot(item.requestId);
      await planRequest(deps(world, planner), ownStep(item));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect(afterRefusal).toEqual(before);
      expect((await world.stored(item.requestId)).intendedTools).toEqual([RESET]);
    },
  );

  it("passes the model's outage on for the state machine to retry, storing nothing", async () => {
    // Prepare
    const world = new World();
    const item = await world.received({ toolCalls: undefined });
    const outage = new RetryableError('Bedrock throttled');
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() =>
      planRequest(deps(world, new ScriptedPlanner(outage)), ownStep(item)),
    );

    // Assess
    expect(error).toBe(outage);
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });
});
