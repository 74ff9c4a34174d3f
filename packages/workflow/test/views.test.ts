import { type ApprovalItem, approvedDigestOf, RequestStatusSchema } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { requestView } from '../src/index.js';
import { ALICE, BOB, requireApproval, World } from './support/world.js';

describe('requestView', () => {
  it('shows a request as callers may see it', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('completed', { policy: requireApproval({ quorum: 1 }) });

    // Act
    const view = requestView(item);

    // Assess
    expect(view).toEqual({
      requestId: item.requestId,
      status: 'completed',
      summary: item.action.summary,
      query: item.action.query,
      requester: ALICE.userId,
      category: 'user_account_access',
      environment: 'dev',
      intendedTools: item.intendedTools,
      allowedTools: item.allowedTools,
      step: 1,
      nextStep: undefined,
      toolCalls: item.action.toolCalls,
      callDescriptions: [
        'Run google_admin/reset_user_2fa with email="bob@example.com"',
        'Run google_admin/suspend_user with email="bob@example.com", reason="lost phone"',
      ],
      callsDigest: approvedDigestOf(item),
      approvedDigest: item.approvedDigest,
      policy: {
        outcome: 'require_approval',
        reason: item.policy?.reason,
        policyIds: item.policy?.policyIds,
        quorum: 1,
      },
      votes: [{ approver: BOB, verdict: 'approved', decidedAt: item.decision?.decidedAt }],
      decision: {
        verdict: 'approved',
        approver: BOB,
        comment: undefined,
        decidedAt: item.decision?.decidedAt,
      },
      expiresAt: item.expiresAt,
      statusReason: undefined,
      result: { outcome: 'completed', output: '2FA reset', error: undefined },
      earlierSteps: [],
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    });
  });

  it('shows a request without a verdict, decision, calls or result as such', async () => {
    // Prepare
    const world = new World();
    const item = await world.received({ toolCalls: undefined });

    // Act
    const view = requestView(item);

    // Assess
    expect(view).toMatchObject({
      toolCalls: [],
      policy: undefined,
      votes: [],
      decision: undefined,
      result: undefined,
    });
  });

  it("shows policy's category, derived from the calls, over the one the request came with", async () => {
    // Prepare: submitted as "other"; policy derived the reset's category
    const world = new World();
    const undecided = await world.received();
    const decided = await world.inStatus('pending', {
      policy: { ...requireApproval(), category: 'user_account_access' },
    });

    // Act
    const before = requestView({
      ...undecided,
      action: { ...undecided.action, category: 'other' },
    });
    const after = requestView({ ...decided, action: { ...decided.action, category: 'other' } });

    // Assess
    expect(before.category).toBe('other');
    expect(after.category).toBe('user_account_access');
  });

  it('counts a verdict without approval rules as needing one approver', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('denied');

    // Act
    const view = requestView(item);

    // Assess
    expect(view.policy?.quorum).toBe(1);
  });

  it.each(RequestStatusSchema.options)(
    'never exposes the task token, pins, execution or e-mail of a %s request',
    async (status) => {
      // Prepare
      const world = new World();
      const item: ApprovalItem = {
        ...(await world.inStatus(status, { taskToken: 'secret-task-token' })),
        taskToken: 'secret-task-token',
        toolPins: { x__y: 'sha256:secret-pin' },
      };

      // Act
      const view = requestView(item);

      // Assess
      const shown = JSON.stringify(view);
      expect(shown).not.toContain('secret-task-token');
      expect(shown).not.toContain('secret-pin');
      expect(shown).not.toContain(item.executionArn as string);
      expect(shown).not.toContain(ALICE.email as string);
      for (const key of ['taskToken', 'toolPins', 'executionArn']) {
        expect(view).not.toHaveProperty(key);
      }
    },
  );
});
