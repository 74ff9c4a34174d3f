import { LIMITS, RequestIdSchema, RetryableError, ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  executeRequest,
  planRequest,
  type SubmitDeps,
  type SubmitRequest,
  submitRequest,
} from '../../src/index.js';
import { executeDeps } from '../support/execute.js';
import { ScriptedPlanner } from '../support/planner.js';
import { FixedPolicy } from '../support/policy.js';
import { InMemoryTools } from '../support/tools.js';
import { ALICE, ALLOW, RESET, refusal, SEARCH, SUSPEND, World } from '../support/world.js';

function deps(world: World): SubmitDeps {
  return {
    approvals: world.approvals,
    executions: world.executions,
    clock: world.clock.now,
  };
}

const direct: SubmitRequest = {
  requester: ALICE,
  origin: { source: 'cli' },
  toolCalls: [
    { tool: RESET, arguments: { email: 'bob@example.com' } },
    { tool: SUSPEND, arguments: { email: 'bob@example.com' } },
    { tool: RESET, arguments: { email: 'carol@example.com' } },
  ],
};

describe('submitRequest', () => {
  it('records a direct-mode request as received and starts its one execution', async () => {
    // Prepare
    const world = new World();

    // Act
    const { requestId, executionArn } = await submitRequest(deps(world), direct);

    // Assess
    const item = await world.stored(requestId);
    expect(RequestIdSchema.safeParse(requestId).success).toBe(true);
    expect(executionArn).toBe(world.executions.executionArnOf(requestId));
    expect(item).toMatchObject({
      status: 'received',
      executionArn,
      requester: ALICE,
      intendedTools: [RESET, SUSPEND],
      action: {
        query:
          'Run google_admin/reset_user_2fa, google_admin/suspend_user, google_admin/reset_user_2fa',
        summary:
          'Run google_admin/reset_user_2fa, google_admin/suspend_user, google_admin/reset_user_2fa',
        category: 'other',
        environment: 'dev',
        toolCalls: direct.toolCalls,
      },
    });
    expect(world.executions.started).toEqual([requestId]);
    expect(world.approvals.auditEvents(requestId)).toEqual([
      expect.objectContaining({ type: 'request.created', actor: ALICE.userId }),
    ]);
  });

  it('records a natural-language request unplanned: the workflow plans it', async () => {
    // Prepare
    const world = new World();
    const query = `find me a cat gif ${'x'.repeat(LIMITS.summary)}`;
    const claims: object = {
      environment: 'dev',
      category: 'document_access_updates',
      resource: 'drive://cats',
      amount: 0,
    };

    // Act
    const { requestId } = await submitRequest(
      { ...deps(world), environment: 'prod' },
      { requester: ALICE, origin: { source: 'slack', channelId: 'C1' }, query, ...claims },
    );

    // Assess
    const item = await world.stored(requestId);
    expect(item.intendedTools).toEqual([]);
    expect(item.action.toolCalls).toBeUndefined();
    expect(item.action.query).toBe(query);
    expect(item.action.summary).toBe(query.slice(0, LIMITS.summary));
    // The deployment's environment; the category, resource and amount the requester claimed are
    // not kept (policy derives its own from the calls).
    expect(item.action).toMatchObject({ environment: 'prod', category: 'other' });
    expect(item.action.resource).toBeUndefined();
    expect(item.action.amount).toBeUndefined();
  });

  it('names a tool without a server alias as it is', async () => {
    // Prepare
    const world = new World();

    // Act
    const { requestId } = await submitRequest(deps(world), {
      ...direct,
      toolCalls: [{ tool: 'standalone', arguments: {} }],
    });

    // Assess
    expect((await world.stored(requestId)).action.summary).toBe('Run standalone');
  });

  it.each<[string, unknown]>([
    ['neither a query nor calls', { requester: ALICE, origin: { source: 'cli' } }],
    ['an empty list of calls', { ...direct, toolCalls: [] }],
    ['a tool name with a space', { ...direct, toolCalls: [{ tool: 'rm -rf', arguments: {} }] }],
    ['a blank query', { requester: ALICE, origin: { source: 'cli' }, query: '   ' }],
    ['a requester without an id', { ...direct, requester: { userId: '' } }],
    ['an unknown origin', { ...direct, origin: { source: 'email' } }],
    [
      'too many calls',
      {
        ...direct,
        toolCalls: Array.from({ length: LIMITS.tools + 1 }, () => ({
          tool: SEARCH,
          arguments: {},
        })),
      },
    ],
  ])('refuses %s, recording and starting nothing', async (_, input) => {
    // Prepare
    const world = new World();

    // Act
    const error = await refusal(() => submitRequest(deps(world), input as SubmitRequest));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((await world.approvals.listByStatus('received', {})).items).toEqual([]);
    expect(world.executions.started).toEqual([]);
  });

  it('gives every request its own id, even at the same millisecond with the same text', async () => {
    // Act
    const world = new World();
    const ids = await Promise.all(
      Array.from({ length: 20 }, () => submitRequest(deps(world), direct)),
    );

    // Assess
    expect(new Set(ids.map((id) => id.requestId)).size).toBe(20);
    expect(world.executions.started).toHaveLength(20);
  });

  describe('when the workflow cannot be started', () => {
    async function failedStart() {
      const world = new World();
      const fault = new Error('StartExecution: ServiceUnavailable');
      world.executions.failNext(fault);
      const error = await refusal(() => submitRequest(deps(world), direct));
      const [item] = (await world.approvals.listByStatus('failed', {})).items;
      if (!item) throw new Error('no failed request was recorded');
      return { world, fault, error, item };
    }

    it('ends the request failed with a reason and throws a RetryableError', async () => {
      // Act
      const { world, fault, error, item } = await failedStart();

      // Assess
      expect(error).toBeInstanceOf(RetryableError);
      expect((error as RetryableError).cause).toBe(fault);
      expect((error as Error).message).toContain(item.requestId);
      expect(item.statusReason).toBe('the workflow could not be started');
      expect(world.executions.started).toEqual([]);
      expect(world.approvals.auditEvents(item.requestId).map((event) => event.data)).toEqual([
        expect.objectContaining({ status: 'received' }),
        { from: 'received', to: 'failed', reason: 'the workflow could not be started' },
      ]);
    });

    it('runs nothing even if the execution did start after all (an ambiguous timeout)', async () => {
      // Prepare
      const { world, item } = await failedStart();
      const tools = new InMemoryTools({
        [RESET]: () => ({ text: 'reset' }),
        [SUSPEND]: () => ({ text: 'suspended' }),
      });
      const step = { requestId: item.requestId, executionArn: item.executionArn as string };

      // Act
      await planRequest({ approvals: world.approvals, planner: new ScriptedPlanner() }, step);
      const verdict = await evaluatePolicy(
        { approvals: world.approvals, policy: new FixedPolicy(ALLOW), maxApprovalSeconds: 3_600 },
        step,
      );
      const result = await executeRequest(executeDeps(world, tools), {
        ...step,
        policy: verdict.policy,
      });

      // Assess
      expect(result).toBeUndefined();
      expect(tools.opened).toEqual([]);
      expect(tools.ran).toEqual([]);
      expect((await world.stored(item.requestId)).status).toBe('failed');
    });
  });
});
