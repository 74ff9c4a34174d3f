import {
  approvedDigestOf,
  argumentsDigest,
  RetryableError,
  type StatusChanges,
} from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { executeRequest, failRequest } from '../../src/index.js';
import { InMemoryExecutionAudit } from '../../src/testing/index.js';
import { approved, catalogue, executeDeps } from '../support/execute.js';
import { ownStep, RESET, requireApproval, SUSPEND, World } from '../support/world.js';

const MISMATCH =
  'the calls, tool pins or policy version differ from what was approved; nothing was run';

describe('executeRequest runs only what was approved', () => {
  it('stores the digest of the approved calls with the approval and in its audit event', async () => {
    // Prepare
    const world = new World();
    const tools = catalogue();

    // Act
    const item = await approved(world, tools, {
      policy: { ...requireApproval(), policyVersion: 3 },
    });

    // Assess
    expect(item.approvedDigest).toBe(approvedDigestOf(item));
    expect(world.approvals.auditEvents(item.requestId)).toContainEqual(
      expect.objectContaining({
        type: 'request.decided',
        data: expect.objectContaining({ verdict: 'approved', approvedDigest: item.approvedDigest }),
      }),
    );
  });

  it.each<[string, (item: Awaited<ReturnType<typeof approved>>) => StatusChanges]>([
    [
      'an argument of an approved call',
      (item) => ({
        action: {
          ...item.action,
          toolCalls: [
            { tool: RESET, arguments: { email: 'ceo@example.com' } },
            ...(item.action.toolCalls ?? []).slice(1),
          ],
        },
      }),
    ],
    [
      'an added call of an approved tool',
      (item) => ({
        action: {
          ...item.action,
          toolCalls: [
            ...(item.action.toolCalls ?? []),
            { tool: RESET, arguments: { email: 'ceo@example.com' } },
          ],
        },
      }),
    ],
    [
      "a call's plain-words description",
      (item) => ({
        action: {
          ...item.action,
          toolCalls: (item.action.toolCalls ?? []).map((call) => ({
            ...call,
            description: 'Nothing to worry about',
          })),
        },
      }),
    ],
    ['a tool pin', (item) => ({ toolPins: { ...item.toolPins, [RESET]: 'sha256:other' } })],
    ['the policy version', () => ({ policy: { ...requireApproval(), policyVersion: 99 } })],
  ])('refuses, running nothing, when %s changed in the store after approval', async (_, tamper) => {
    // Prepare: someone with write access to the table edits the approved request
    const world = new World();
    const tools = catalogue();
    const audit = new InMemoryExecutionAudit(world.clock);
    const item = await approved(world, tools);
    await world.approvals.amend(item.requestId, {
      status: 'approved',
      actor: 'someone',
      changes: tamper(item),
    });

    // Act
    const result = await executeRequest(executeDeps(world, tools, audit), ownStep(item));

    // Assess
    expect(tools.opened).toEqual([]);
    expect(tools.ran).toEqual([]);
    const tampered = await world.stored(item.requestId);
    expect(approvedDigestOf(tampered)).not.toBe(item.approvedDigest);
    expect(audit.of(item.requestId)).toEqual([
      expect.objectContaining({
        type: 'execution.refused',
        actor: 'execute',
        data: {
          code: 'approval_mismatch',
          approvedDigest: item.approvedDigest,
          runDigest: approvedDigestOf(tampered),
        },
      }),
    ]);
    expect(result).toMatchObject({
      outcome: 'failed',
      toolCalls: [],
      error: { code: 'approval_mismatch', message: MISMATCH },
    });
    expect(await world.stored(item.requestId)).toMatchObject({
      status: 'failed',
      statusReason: MISMATCH,
    });
    expect(world.approvals.auditEvents(item.requestId).at(-1)).toMatchObject({
      type: 'request.status_changed',
      data: { from: 'approved', to: 'failed', reason: MISMATCH },
    });
  });
});

describe('executeRequest believes only an audit chain that verifies', () => {
  it("refuses, running nothing, when the request's audit chain does not verify", async () => {
    // Prepare: an event of the approved request's chain was edited without the key
    const world = new World();
    const tools = catalogue();
    const item = await approved(world, tools);
    world.approvals.breakAuditChain(item.requestId);

    // Act
    const result = await executeRequest(executeDeps(world, tools), ownStep(item));

    // Assess
    expect(tools.ran).toEqual([]);
    expect(result?.error?.code).toBe('audit_chain_broken');
    expect((await world.stored(item.requestId)).status).toBe('failed');
  });
});

describe('executeRequest records every call as evidence', () => {
  it('appends each call before and after it runs: tool, argument digest, outcome, time, size', async () => {
    // Prepare
    const world = new World();
    const audit = new InMemoryExecutionAudit(world.clock);
    const tools = catalogue({
      [RESET]: () => {
        world.clock.advance(250);
        return { text: 'done' };
      },
      [SUSPEND]: () => ({ text: 'the directory refused', isError: true }),
    });
    const item = await approved(world, tools);
    const [reset, suspend] = item.action.toolCalls ?? [];

    // Act
    await executeRequest(executeDeps(world, tools, audit), ownStep(item));

    // Assess
    expect(
      audit.of(item.requestId).map(({ type, actor, data }) => ({ type, actor, data })),
    ).toEqual([
      {
        type: 'tool_call.started',
        actor: 'execute',
        data: {
          step: 1,
          index: 0,
          tool: RESET,
          argumentsDigest: argumentsDigest(reset?.arguments ?? {}),
        },
      },
      {
        type: 'tool_call.finished',
        actor: 'execute',
        data: {
          step: 1,
          index: 0,
          tool: RESET,
          argumentsDigest: argumentsDigest(reset?.arguments ?? {}),
          ok: true,
          durationMs: 250,
          outputBytes: 4,
        },
      },
      {
        type: 'tool_call.started',
        actor: 'execute',
        data: {
          step: 1,
          index: 1,
          tool: SUSPEND,
          argumentsDigest: argumentsDigest(suspend?.arguments ?? {}),
        },
      },
      {
        type: 'tool_call.finished',
        actor: 'execute',
        data: {
          step: 1,
          index: 1,
          tool: SUSPEND,
          argumentsDigest: argumentsDigest(suspend?.arguments ?? {}),
          ok: false,
          durationMs: 0,
          outputBytes: 0,
          error: 'the directory refused',
        },
      },
    ]);
    expect(JSON.stringify(audit.of(item.requestId))).not.toContain('bob@example.com');
  });

  it('records a call the session refused as ended, and keeps it in the result', async () => {
    // Prepare
    const world = new World();
    const audit = new InMemoryExecutionAudit(world.clock);
    const tools = catalogue();
    const item = await approved(world, tools);
    tools.redefine(SUSPEND, 'suspends, and also deletes the mailbox');

    // Act
    const result = await executeRequest(executeDeps(world, tools, audit), ownStep(item));

    // Assess
    expect(
      audit.of(item.requestId).map((event) => [event.type, event.data.tool, event.data.ok]),
    ).toEqual([
      ['tool_call.started', RESET, undefined],
      ['tool_call.finished', RESET, true],
      ['tool_call.started', SUSPEND, undefined],
      ['tool_call.finished', SUSPEND, false],
    ]);
    expect(result?.toolCalls.map((call) => [call.tool, call.ok])).toEqual([
      [RESET, true],
      [SUSPEND, false],
    ]);
    expect(result?.error?.code).toBe('tool_definition_changed');
  });
});

describe('failRequest after a run died', () => {
  it('fails the request with the calls its audit shows, when the state machine catches the crash', async () => {
    // Prepare: the function dies after the reset acted (its final write fails, the step throws)
    const world = new World();
    const audit = new InMemoryExecutionAudit(world.clock);
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
    await executeRequest(executeDeps(world, tools, audit), ownStep(item)).catch(() => undefined);

    // Act: Step Functions' Catch sends the failure to MarkFailed
    await failRequest(
      world.approvals,
      ownStep(item),
      { Error: 'Lambda.Unknown', Cause: 'Task timed out after 900 seconds' },
      { audit, clock: world.clock.now },
    );

    // Assess
    expect(await world.stored(item.requestId)).toMatchObject({
      status: 'failed',
      statusReason: 'Lambda.Unknown: Task timed out after 900 seconds',
      result: {
        outcome: 'failed',
        error: { code: 'interrupted' },
        toolCalls: [{ tool: RESET, arguments: { email: 'bob@example.com' }, ok: true }],
      },
    });
    expect(tools.ran).toHaveLength(1);
  });
});

describe('executeRequest keeps the result within one stored item', () => {
  it('stores a run whose tools return far more than an item holds, with truncation markers', async () => {
    // Prepare: two calls each returning 100,000 two-byte characters (as the MCP client caps them)
    const world = new World();
    const huge = 'é'.repeat(100_000);
    const tools = catalogue({ [RESET]: () => ({ text: huge }), [SUSPEND]: () => ({ text: huge }) });
    const item = await approved(world, tools);

    // Act
    const result = await executeRequest(executeDeps(world, tools), ownStep(item));

    // Assess
    const stored = await world.stored(item.requestId);
    expect(stored.status).toBe('completed');
    expect(stored.result).toEqual(result);
    expect(new TextEncoder().encode(JSON.stringify(stored)).length).toBeLessThan(300_000);
    const marker = /…\[truncated: 200000 bytes, sha256 [0-9a-f]{64}\]$/;
    expect(result?.toolCalls.map((call) => call.output)).toEqual([
      expect.stringMatching(marker),
      expect.stringMatching(marker),
    ]);
    expect(result?.toolCalls[0]?.output?.startsWith('éé')).toBe(true);
  });
});
