import {
  type ApprovalItem,
  LIMITS,
  type PolicyDecision,
  RetryableError,
  ValidationError,
} from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  type AgentRunner,
  awaitApproval,
  type ExecuteDeps,
  executeRequest,
  recordApproverDecision,
  type ToolSessions,
  WrongStatusError,
} from '../../src/index.js';
import { ScriptedAgent } from '../support/agent.js';
import { InMemoryTools, type ToolFunction } from '../support/tools.js';
import {
  ALICE,
  ALLOW,
  BOB,
  DENY,
  ownStep,
  RESET,
  refusal,
  requireApproval,
  SEARCH,
  type Seed,
  SUSPEND,
  World,
} from '../support/world.js';

function catalogue(overrides: Record<string, ToolFunction> = {}) {
  return new InMemoryTools({
    [RESET]: (args) => ({ text: `2FA reset for ${String(args.email)}` }),
    [SUSPEND]: (args) => ({ text: `suspended ${String(args.email)}` }),
    [SEARCH]: (args) => ({ text: `cats for ${String(args.query)}` }),
    ...overrides,
  });
}

function deps(world: World, sessions: ToolSessions, agent?: AgentRunner): ExecuteDeps {
  return { approvals: world.approvals, sessions, agent, clock: world.clock.now };
}

/** A request taken through the approval steps, pinned by `tools`, approved by BOB. */
async function approved(
  world: World,
  tools: InMemoryTools,
  seed: Seed = {},
  allowedTools?: string[],
): Promise<ApprovalItem> {
  const item = await world.received(seed);
  await awaitApproval(
    {
      approvals: world.approvals,
      pinner: tools,
      notifier: world.notifier,
      tokens: world.tokens,
      clock: world.clock.now,
    },
    { ...ownStep(item), taskToken: 'token-1', expiresInSeconds: 900, policy: requireApproval() },
  );
  return recordApproverDecision(
    {
      approvals: world.approvals,
      tokens: world.tokens,
      directory: world.directory,
      clock: world.clock.now,
    },
    { requestId: item.requestId, approver: BOB, verdict: 'approved', allowedTools },
  );
}

describe('executeRequest', () => {
  it('runs exactly the approved calls, in order, through a session at the approved pins', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue();
    const item = await approved(world, tools);
    world.clock.advance(1_000);

    // Act
    const result = await executeRequest(deps(world, tools), ownStep(item));

    // Assess
    expect(tools.opened).toEqual([
      {
        requestId: item.requestId,
        requester: ALICE,
        allowedTools: [RESET, SUSPEND],
        pins: { [RESET]: tools.pinOf(RESET), [SUSPEND]: tools.pinOf(SUSPEND) },
      },
    ]);
    expect(tools.ran).toEqual(
      (item.action.toolCalls ?? []).map((call) => ({
        requestId: item.requestId,
        tool: call.tool,
        arguments: call.arguments,
      })),
    );
    expect(tools.closedSessions).toBe(1);
    expect(result).toEqual({
      outcome: 'completed',
      output: '2FA reset for bob@example.com\n\nsuspended bob@example.com',
      toolCalls: [
        { ...item.action.toolCalls?.[0], ok: true, output: '2FA reset for bob@example.com' },
        { ...item.action.toolCalls?.[1], ok: true, output: 'suspended bob@example.com' },
      ],
      error: undefined,
      startedAt: '2030-01-01T00:00:01.000Z',
      finishedAt: '2030-01-01T00:00:01.000Z',
    });
    const stored = await world.stored(item.requestId);
    expect(stored).toMatchObject({ status: 'completed', result: { outcome: 'completed' } });
    expect(stored.statusReason).toBeUndefined();
    expect(
      world.approvals
        .auditEvents(item.requestId)
        .filter((event) => event.actor === 'execute')
        .map((event) => event.data),
    ).toEqual([
      { from: 'approved', to: 'executing', reason: null },
      { from: 'executing', to: 'completed', reason: null },
    ]);
  });

  it('stores the verdict of a request allowed by policy with its move to executing, no pins', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue();
    const item = await world.received({
      toolCalls: [{ tool: SEARCH, arguments: { query: 'cat' } }],
    });

    // Act
    const result = await executeRequest(deps(world, tools), { ...ownStep(item), policy: ALLOW });

    // Assess
    expect(result?.outcome).toBe('completed');
    expect(tools.opened).toEqual([
      { requestId: item.requestId, requester: ALICE, allowedTools: [SEARCH], pins: undefined },
    ]);
    const stored = await world.stored(item.requestId);
    expect(stored).toMatchObject({ status: 'completed', policy: ALLOW, allowedTools: [SEARCH] });
    // One write to start (with the verdict), one to finish.
    expect(stored.version).toBe(item.version + 2);
    expect(world.approvals.auditEvents(item.requestId).map((event) => event.type)).toEqual([
      'request.created',
      'request.status_changed',
      'request.status_changed',
    ]);
  });

  it('runs the stored calls only: calls slipped into the step are ignored', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue();
    const item = await world.received({
      toolCalls: [{ tool: SEARCH, arguments: { query: 'cat' } }],
    });
    const forged = {
      ...ownStep(item),
      policy: ALLOW,
      toolCalls: [{ tool: RESET, arguments: { email: 'ceo@example.com' } }],
      allowedTools: [RESET],
    };

    // Act
    await executeRequest(deps(world, tools), forged as Parameters<typeof executeRequest>[1]);

    // Assess
    expect(tools.ran.map((call) => call.tool)).toEqual([SEARCH]);
    expect(tools.opened[0]?.allowedTools).toEqual([SEARCH]);
  });

  it('stops at the first failing call, recording the calls made and why', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue({ [RESET]: () => ({ text: 'user not found', isError: true }) });
    const item = await approved(world, tools);

    // Act
    const result = await executeRequest(deps(world, tools), ownStep(item));

    // Assess
    expect(tools.ran.map((call) => call.tool)).toEqual([RESET]);
    expect(result).toMatchObject({
      outcome: 'failed',
      output: 'user not found',
      error: { code: 'tool_error', message: 'user not found' },
      toolCalls: [{ tool: RESET, ok: false, error: 'user not found' }],
    });
    expect(await world.stored(item.requestId)).toMatchObject({
      status: 'failed',
      statusReason: 'user not found',
      result: { outcome: 'failed' },
    });
    expect(tools.closedSessions).toBe(1);
  });

  it('completes a run whose tools say nothing with an empty output', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue({ [RESET]: () => ({ text: '' }), [SUSPEND]: () => ({ text: '' }) });
    const item = await approved(world, tools, {
      toolCalls: [{ tool: RESET, arguments: { email: 'bob@example.com' } }],
    });

    // Act
    const result = await executeRequest(deps(world, tools), ownStep(item));

    // Assess
    expect(result).toMatchObject({ outcome: 'completed', output: '', error: undefined });
  });

  it('names the tool when a failing call gives no reason', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue({ [SUSPEND]: () => ({ text: '', isError: true }) });
    const item = await approved(world, tools);

    // Act
    const result = await executeRequest(deps(world, tools), ownStep(item));

    // Assess
    expect(result?.error).toEqual({ code: 'tool_error', message: `${SUSPEND} failed` });
    expect(result?.toolCalls.map((call) => call.ok)).toEqual([true, false]);
  });

  describe('the allowlist gate', () => {
    it("fails the run with the gate's code when a call is outside what was approved", async () => {
      // Prepare: the approver allowed only the reset
      const world = new World();
      const tools = catalogue();
      const item = await approved(world, tools, {}, [RESET]);

      // Act
      const result = await executeRequest(deps(world, tools), ownStep(item));

      // Assess
      expect(tools.ran.map((call) => call.tool)).toEqual([RESET]);
      expect(tools.refused).toEqual([
        { requestId: item.requestId, tool: SUSPEND, code: 'tool_not_allowed' },
      ]);
      expect(result).toMatchObject({
        outcome: 'failed',
        error: { code: 'tool_not_allowed' },
        toolCalls: [{ tool: RESET, ok: true }],
      });
      expect((await world.stored(item.requestId)).status).toBe('failed');
      expect(tools.closedSessions).toBe(1);
    });

    it('refuses a tool whose definition changed since the approvers saw it', async () => {
      // Prepare
      const world = new World();
      const tools = catalogue();
      const item = await approved(world, tools);
      tools.redefine(RESET, 'resets 2FA, and also mails the recovery codes to the caller');

      // Act
      const result = await executeRequest(deps(world, tools), ownStep(item));

      // Assess
      expect(tools.ran).toEqual([]);
      expect(result?.error?.code).toBe('tool_definition_changed');
    });

    it('refuses calls a plan slipped past the tools it declared', async () => {
      // Prepare: a planned request that declares a search but calls a reset
      const world = new World();
      const tools = catalogue();
      const item = await world.received({ toolCalls: undefined, intendedTools: [SEARCH] });
      await world.approvals.amend(item.requestId, {
        status: 'received',
        actor: 'planner',
        changes: {
          action: {
            ...item.action,
            toolCalls: [{ tool: RESET, arguments: { email: 'ceo@example.com' } }],
          },
        },
      });

      // Act
      const result = await executeRequest(deps(world, tools), { ...ownStep(item), policy: ALLOW });

      // Assess
      expect(tools.ran).toEqual([]);
      expect(result?.error?.code).toBe('tool_not_allowed');
    });
  });

  describe('agent mode (no exact calls)', () => {
    it('runs the agent over a session that shows it only the approved tools', async () => {
      // Prepare
      const world = new World();
      const tools = catalogue();
      const item = await approved(
        world,
        tools,
        { toolCalls: undefined, intendedTools: [RESET, SUSPEND] },
        [RESET],
      );
      const agent = new ScriptedAgent([{ tool: RESET, arguments: { email: 'bob@example.com' } }]);

      // Act
      const result = await executeRequest(deps(world, tools, agent), ownStep(item));

      // Assess
      expect(agent.toolsSeen).toEqual([[RESET]]);
      expect(result).toMatchObject({
        outcome: 'completed',
        output: 'done: 1 call(s)',
        toolCalls: [{ tool: RESET, ok: true, output: '2FA reset for bob@example.com' }],
      });
      expect(tools.opened[0]?.pins).toEqual({
        [RESET]: tools.pinOf(RESET),
        [SUSPEND]: tools.pinOf(SUSPEND),
      });
    });

    it("fails the run with the gate's code when the agent reaches for another tool", async () => {
      // Prepare
      const world = new World();
      const tools = catalogue();
      const item = await approved(world, tools, { toolCalls: undefined, intendedTools: [SEARCH] });
      const agent = new ScriptedAgent([
        { tool: SEARCH, arguments: { query: 'cat' } },
        { tool: RESET, arguments: { email: 'ceo@example.com' } },
      ]);

      // Act
      const result = await executeRequest(deps(world, tools, agent), ownStep(item));

      // Assess
      expect(tools.ran.map((call) => call.tool)).toEqual([SEARCH]);
      expect(result).toMatchObject({ outcome: 'failed', error: { code: 'tool_not_allowed' } });
      expect((await world.stored(item.requestId)).statusReason).toContain(RESET);
    });

    it('fails with no_model when there is no model to carry the request out', async () => {
      // Prepare
      const world = new World();
      const tools = catalogue();
      const item = await approved(world, tools, { toolCalls: undefined, intendedTools: [SEARCH] });

      // Act
      const result = await executeRequest(deps(world, tools), ownStep(item));

      // Assess
      expect(result).toMatchObject({
        outcome: 'failed',
        output: 'no model is configured to carry out this request',
        toolCalls: [],
        error: { code: 'no_model' },
      });
      expect(tools.ran).toEqual([]);
      expect(tools.closedSessions).toBe(1);
      expect((await world.stored(item.requestId)).status).toBe('failed');
    });
  });

  describe('an interrupted run', () => {
    it('is failed, and its tools are not run a second time', async () => {
      // Prepare: the function dies after the reset acted, before the result is written
      const world = new World();
      const crash = new RetryableError('Lambda timed out');
      const tools = catalogue({
        [RESET]: () => {
          world.approvals.failNext('transition', crash);
          return { text: 'reset' };
        },
      });
      const item = await approved(world, tools, {
        toolCalls: [{ tool: RESET, arguments: { email: 'bob@example.com' } }],
      });
      const first = await refusal(() => executeRequest(deps(world, tools), ownStep(item)));

      // Act: Step Functions retries the step
      const retried = await executeRequest(deps(world, tools), ownStep(item));

      // Assess
      expect(first).toBe(crash);
      expect(retried).toBeUndefined();
      expect(tools.ran).toHaveLength(1);
      expect(tools.opened).toHaveLength(1);
      expect(await world.stored(item.requestId)).toMatchObject({
        status: 'failed',
        statusReason: 'execution was interrupted; it is not re-run, since its tools may have acted',
      });
    });

    it('is failed without opening a session, however it is found executing', async () => {
      // Prepare
      const world = new World();
      const tools = catalogue();
      const item = await world.inStatus('executing');

      // Act
      const result = await executeRequest(deps(world, tools, new ScriptedAgent([])), {
        ...ownStep(item),
        policy: ALLOW,
      });

      // Assess
      expect(result).toBeUndefined();
      expect(tools.opened).toEqual([]);
      expect((await world.stored(item.requestId)).status).toBe('failed');
    });
  });

  it.each(['completed', 'failed', 'cancelled'] as const)(
    'does nothing for a request that already ended %s',
    async (status) => {
      // Prepare
      const world = new World();
      const tools = catalogue();
      const item = await world.inStatus(status);
      const before = await world.snapshot(item.requestId);

      // Act
      const result = await executeRequest(deps(world, tools), { ...ownStep(item), policy: ALLOW });

      // Assess
      expect(result).toBeUndefined();
      expect(await world.snapshot(item.requestId)).toEqual(before);
      expect(tools.opened).toEqual([]);
    },
  );

  it.each<[string, Parameters<World['inStatus']>[0], PolicyDecision | undefined]>([
    ['pending', 'pending', ALLOW],
    ['rejected', 'rejected', ALLOW],
    ['expired', 'expired', ALLOW],
    ['denied', 'denied', ALLOW],
    ['received without a verdict', 'received', undefined],
    ['received, needing approval', 'received', requireApproval()],
    ['received, denied by policy', 'received', DENY],
  ])('refuses to run a request %s, opening nothing', async (_, status, policy) => {
    // Prepare
    const world = new World();
    const tools = catalogue();
    const item = await world.inStatus(status);
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() =>
      executeRequest(deps(world, tools), { ...ownStep(item), policy }),
    );

    // Assess
    expect(error).toBeInstanceOf(WrongStatusError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
    expect(tools.opened).toEqual([]);
  });

  it('lets a verdict stored on the request outrank the one the step carries', async () => {
    // Prepare: a require-approval verdict is stored; the step claims allow
    const world = new World();
    const tools = catalogue();
    const item = await world.received();
    await world.approvals.amend(item.requestId, {
      status: 'received',
      actor: 'test',
      changes: { policy: requireApproval() },
    });

    // Act
    const error = await refusal(() =>
      executeRequest(deps(world, tools), { ...ownStep(item), policy: ALLOW }),
    );

    // Assess
    expect(error).toBeInstanceOf(WrongStatusError);
    expect(tools.opened).toEqual([]);
  });

  it.each<[string, ToolSessions, string]>([
    [
      'a typed error',
      { open: () => Promise.reject(new RetryableError('MCP server unavailable')) },
      'retryable',
    ],
    [
      'an error without a code',
      { open: () => Promise.reject(new Error('boom')) },
      'execution_error',
    ],
    [
      'something not an Error',
      { open: () => Promise.reject('connection reset') },
      'execution_error',
    ],
  ])('records a session that cannot be opened (%s) as a failed run', async (_, sessions, code) => {
    // Prepare
    const world = new World();
    const item = await approved(world, catalogue());

    // Act
    const result = await executeRequest(deps(world, sessions), ownStep(item));

    // Assess
    expect(result).toMatchObject({ outcome: 'failed', toolCalls: [], error: { code } });
    expect(result?.output).toBe(result?.error?.message);
    expect((await world.stored(item.requestId)).status).toBe('failed');
  });

  it('keeps the joined output within the stored limit, however much the tools say', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue({
      [RESET]: () => ({ text: 'r'.repeat(LIMITS.output) }),
      [SUSPEND]: () => ({ text: 's'.repeat(LIMITS.output) }),
    });
    const item = await approved(world, tools);

    // Act
    const result = await executeRequest(deps(world, tools), ownStep(item));

    // Assess
    expect(result?.outcome).toBe('completed');
    expect(result?.output).toHaveLength(LIMITS.output);
    expect(await world.stored(item.requestId)).toMatchObject({ status: 'completed', result });
  });

  it('keeps a crashed call within the stored limit, with the calls made before it', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue({
      [SUSPEND]: () => {
        throw new Error(`crashed: ${'s'.repeat(LIMITS.comment * 2)}`);
      },
    });
    const item = await approved(world, tools);

    // Act
    const result = await executeRequest(deps(world, tools), ownStep(item));

    // Assess
    expect(result?.error?.code).toBe('execution_error');
    expect(result?.error?.message).toHaveLength(LIMITS.comment);
    expect(result?.toolCalls).toEqual([expect.objectContaining({ tool: RESET, ok: true })]);
    expect(await world.stored(item.requestId)).toMatchObject({
      status: 'failed',
      statusReason: result?.error?.message,
      result,
    });
  });

  it('refuses a step carrying a malformed verdict, changing nothing', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue();
    const item = await world.received();
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() =>
      executeRequest(deps(world, tools), {
        ...ownStep(item),
        policy: { outcome: 'allow_everything', reason: 'trust me' },
      } as unknown as Parameters<typeof executeRequest>[1]),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
    expect(tools.opened).toEqual([]);
  });
});
