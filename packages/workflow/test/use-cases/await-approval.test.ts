import { RetryableError, ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  type AwaitApprovalDeps,
  awaitApproval,
  recordApproverDecision,
  WrongStatusError,
} from '../../src/index.js';
import { InMemoryTools, ToolRefusedError } from '../support/tools.js';
import {
  ALLOW,
  BOB,
  DENY,
  ownStep,
  RESET,
  refusal,
  requireApproval,
  SUSPEND,
  World,
} from '../support/world.js';

function setUp() {
  const world = new World();
  const tools = new InMemoryTools({
    [RESET]: () => ({ text: 'reset' }),
    [SUSPEND]: () => ({ text: 'suspended' }),
  });
  const deps: AwaitApprovalDeps = {
    approvals: world.approvals,
    pinner: tools,
    notifier: world.notifier,
    tokens: world.tokens,
    clock: world.clock.now,
  };
  return { world, tools, deps };
}

const POLICY = requireApproval({ expiresInSeconds: 900 });

describe('awaitApproval', () => {
  it('pins the tools, tells the approvers, and waits pending on the token, in one write', async () => {
    // Prepare
    const { world, tools, deps } = setUp();
    const item = await world.received();

    // Act
    await awaitApproval(deps, {
      ...ownStep(item),
      taskToken: 'token-1',
      expiresInSeconds: 900,
      policy: POLICY,
    });

    // Assess
    const pending = await world.stored(item.requestId);
    expect(pending).toMatchObject({
      status: 'pending',
      version: item.version + 1,
      policy: POLICY,
      taskToken: 'token-1',
      allowedTools: [RESET, SUSPEND],
      toolPins: { [RESET]: tools.pinOf(RESET), [SUSPEND]: tools.pinOf(SUSPEND) },
      expiresAt: '2030-01-01T00:15:00.000Z',
    });
    expect(tools.pinned).toEqual([[RESET, SUSPEND]]);
    const [told] = world.notifier.approvalRequests;
    expect(world.notifier.approvalRequests).toHaveLength(1);
    expect(told).toMatchObject({
      requestId: item.requestId,
      status: 'pending',
      policy: POLICY,
      expiresAt: pending.expiresAt,
      allowedTools: pending.allowedTools,
    });
    expect(world.tokens.deliveries).toEqual([]);
  });

  it.each([
    ['allowed', ALLOW],
    ['denied', DENY],
  ])('refuses to wait on a request policy %s, telling nobody', async (_, policy) => {
    // Prepare
    const { world, tools, deps } = setUp();
    const item = await world.received();
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() =>
      awaitApproval(deps, { ...ownStep(item), taskToken: 't', expiresInSeconds: 60, policy }),
    );

    // Assess
    expect(error).toBeInstanceOf(WrongStatusError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
    expect(world.notifier.approvalRequests).toEqual([]);
    expect(tools.pinned).toEqual([]);
  });

  it('stores nothing, and tells nobody, when a tool cannot be pinned', async () => {
    // Prepare
    const { world, deps } = setUp();
    const item = await world.received({ toolCalls: [{ tool: 'vanished__tool', arguments: {} }] });
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() =>
      awaitApproval(deps, {
        ...ownStep(item),
        taskToken: 't',
        expiresInSeconds: 60,
        policy: POLICY,
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(ToolRefusedError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
    expect(world.notifier.approvalRequests).toEqual([]);
  });

  it('leaves the request received when the approvers cannot be told, and tells them on retry', async () => {
    // Prepare
    const { world, deps } = setUp();
    const item = await world.received();
    const before = await world.snapshot(item.requestId);
    const fault = new RetryableError('SNS throttled');
    world.notifier.failNext('approvalRequested', fault);
    const step = { ...ownStep(item), taskToken: 'token-1', expiresInSeconds: 900, policy: POLICY };

    // Act
    const error = await refusal(() => awaitApproval(deps, step));
    const afterFailure = await world.snapshot(item.requestId);
    await awaitApproval(deps, step);

    // Assess
    expect(error).toBe(fault);
    expect(afterFailure).toEqual(before);
    expect(world.notifier.approvalRequests).toHaveLength(1);
    expect((await world.stored(item.requestId)).status).toBe('pending');
  });

  it('tells the approvers twice rather than never when the write after telling them fails', async () => {
    // Prepare
    const { world, deps } = setUp();
    const item = await world.received();
    world.approvals.failNext('transition', new RetryableError('DynamoDB throttled'));
    const step = { ...ownStep(item), taskToken: 'token-1', expiresInSeconds: 900, policy: POLICY };

    // Act
    const error = await refusal(() => awaitApproval(deps, step));
    const statusAfterFailure = (await world.stored(item.requestId)).status;
    await awaitApproval(deps, step);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(statusAfterFailure).toBe('received');
    expect(world.notifier.approvalRequests.map((told) => told.requestId)).toEqual([
      item.requestId,
      item.requestId,
    ]);
    expect((await world.stored(item.requestId)).status).toBe('pending');
  });

  it('uses the verdict stored on the request over the one in the step', async () => {
    // Prepare: a request whose stored verdict (require approval) outranks a step saying allow
    const { world, deps } = setUp();
    const item = await world.received();
    await world.approvals.amend(item.requestId, {
      status: 'received',
      actor: 'test',
      changes: { policy: POLICY },
    });

    // Act
    await awaitApproval(deps, {
      ...ownStep(item),
      taskToken: 't',
      expiresInSeconds: 60,
      policy: ALLOW,
    });

    // Assess
    expect(await world.stored(item.requestId)).toMatchObject({ status: 'pending', policy: POLICY });
  });

  describe('re-driven (the same request, a new token)', () => {
    it('a pending request takes the new token, and the approvers are not told again', async () => {
      // Prepare
      const { world, tools, deps } = setUp();
      const item = await world.inStatus('pending', { taskToken: 'token-old' });

      // Act
      await awaitApproval(deps, {
        ...ownStep(item),
        taskToken: 'token-new',
        expiresInSeconds: 900,
        policy: POLICY,
      });
      await recordApproverDecision(
        {
          approvals: world.approvals,
          tokens: world.tokens,
          directory: world.directory,
          clock: world.clock.now,
        },
        { requestId: item.requestId, approver: BOB, verdict: 'approved' },
      );

      // Assess
      const after = await world.stored(item.requestId);
      expect(after.taskToken).toBe('token-new');
      expect(after.expiresAt).toBe(item.expiresAt);
      expect(after.toolPins).toEqual(item.toolPins);
      expect(world.notifier.approvalRequests).toEqual([]);
      expect(tools.pinned).toEqual([]);
      expect(world.tokens.deliveries).toEqual([
        { taskToken: 'token-new', output: { verdict: 'approved' } },
      ]);
      expect(world.approvals.auditEvents(item.requestId).map((event) => event.type)).toContain(
        'request.amended',
      );
    });

    it('a pending request already waiting on this token is left as it is', async () => {
      // Prepare
      const { world, deps } = setUp();
      const item = await world.inStatus('pending', { taskToken: 'token-1' });
      const before = await world.snapshot(item.requestId);

      // Act
      await awaitApproval(deps, {
        ...ownStep(item),
        taskToken: 'token-1',
        expiresInSeconds: 900,
        policy: POLICY,
      });

      // Assess
      expect(await world.snapshot(item.requestId)).toEqual(before);
      expect(world.notifier.approvalRequests).toEqual([]);
    });

    it.each(['approved', 'rejected'] as const)(
      'a request %s while nobody waited hands its verdict straight to the new token',
      async (status) => {
        // Prepare
        const { world, tools, deps } = setUp();
        const item = await world.inStatus(status, { taskToken: 'token-old' });
        const before = await world.snapshot(item.requestId);

        // Act
        await awaitApproval(deps, {
          ...ownStep(item),
          taskToken: 'token-new',
          expiresInSeconds: 900,
          policy: POLICY,
        });

        // Assess
        expect(world.tokens.deliveries).toEqual([
          { taskToken: 'token-new', output: { verdict: status } },
        ]);
        expect(await world.snapshot(item.requestId)).toEqual(before);
        expect(world.notifier.approvalRequests).toEqual([]);
        expect(tools.pinned).toEqual([]);
      },
    );
  });

  it.each(['executing', 'completed', 'failed', 'expired', 'denied', 'cancelled'] as const)(
    'refuses to wait on a %s request, changing nothing and handing nothing over',
    async (status) => {
      // Prepare
      const { world, deps } = setUp();
      const item = await world.inStatus(status);
      const before = await world.snapshot(item.requestId);

      // Act
      const error = await refusal(() =>
        awaitApproval(deps, {
          ...ownStep(item),
          taskToken: 'token-new',
          expiresInSeconds: 60,
          policy: POLICY,
        }),
      );

      // Assess
      expect(error).toBeInstanceOf(WrongStatusError);
      expect(error).toMatchObject({ code: 'wrong_status' });
      expect(await world.snapshot(item.requestId)).toEqual(before);
      expect(world.tokens.deliveries).toEqual([]);
      expect(world.notifier.approvalRequests).toEqual([]);
    },
  );

  it.each<[string, Record<string, unknown>]>([
    ['an empty token', { taskToken: '' }],
    ['a token longer than Step Functions issues', { taskToken: 't'.repeat(2_049) }],
    ['a zero window', { expiresInSeconds: 0 }],
    ['a fractional window', { expiresInSeconds: 1.5 }],
    ['no verdict', { policy: undefined }],
  ])('refuses a step with %s, changing nothing', async (_, override) => {
    // Prepare
    const { world, deps } = setUp();
    const item = await world.received();
    const before = await world.snapshot(item.requestId);

    // Act
    const error = await refusal(() =>
      awaitApproval(deps, {
        ...ownStep(item),
        taskToken: 'token-1',
        expiresInSeconds: 60,
        policy: POLICY,
        ...override,
      } as Parameters<typeof awaitApproval>[1]),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(await world.snapshot(item.requestId)).toEqual(before);
  });
});
