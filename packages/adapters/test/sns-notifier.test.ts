import { type ApprovalItem, ApprovalItemSchema, newRequestId } from '@agentcore/core';
import { type SnsStandIn, startSnsStandIn } from '@agentcore/stand-ins';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../src/index.js';

let sns: SnsStandIn;
let client: SNSClient;

beforeAll(async () => {
  sns = await startSnsStandIn({ topics: ['approvals'] });
  client = new SNSClient({
    region: 'us-east-1',
    endpoint: sns.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });
});

afterAll(async () => {
  client.destroy();
  await sns.close();
});

function item(overrides: Partial<ApprovalItem> = {}): ApprovalItem {
  const now = '2026-11-21T12:00:00.000Z';
  return ApprovalItemSchema.parse({
    requestId: newRequestId(Date.parse(now)),
    status: 'pending',
    version: 2,
    createdAt: now,
    updatedAt: now,
    requester: { userId: 'U_ALICE' },
    action: {
      requester: { userId: 'U_ALICE' },
      origin: { source: 'cli' },
      query: 'reset 2FA for bob@example.com',
      summary: 'Turn off 2-step verification for bob@example.com',
      category: 'user_account_access',
      intendedTools: ['google_admin__reset_user_2fa'],
    },
    intendedTools: ['google_admin__reset_user_2fa'],
    policy: { outcome: 'require_approval', reason: 'Google account changes need approval' },
    expiresAt: '2026-11-21T13:00:00.000Z',
    ...overrides,
  });
}

describe('SNS notifier (against an SNS stand-in speaking the Query protocol)', () => {
  it('publishes an approval request with how to approve or reject it', async () => {
    // Prepare
    const notifier = new SnsNotifier(client, 'arn:aws:sns:us-east-1:000000000000:approvals');
    const pending = item();

    // Act
    await notifier.approvalRequested(pending);

    // Assess
    const message = sns.published.at(-1);
    expect(message?.subject).toBe(
      'Approval needed: Turn off 2-step verification for bob@example.com',
    );
    expect(message?.message).toContain(`hitl-mcp approve ${pending.requestId} [--comment`);
    expect(message?.message).toContain(`hitl-mcp reject ${pending.requestId}`);
    expect(message?.message).toContain('google_admin/reset_user_2fa');
    expect(message?.attributes).toEqual({
      kind: 'approval_requested',
      status: 'pending',
      requestId: pending.requestId,
    });
  });

  it('publishes the outcome with the decision and result', async () => {
    // Prepare
    const notifier = new SnsNotifier(client, 'arn:aws:sns:us-east-1:000000000000:approvals');
    const done = item({
      status: 'completed',
      decision: {
        verdict: 'approved',
        approver: 'U_BOB',
        decidedAt: '2026-11-21T12:01:00.000Z',
        comment: 'go',
        allowedTools: ['google_admin__reset_user_2fa'],
      },
      result: {
        outcome: 'completed',
        output: '2-step verification turned off',
        toolCalls: [],
        startedAt: '2026-11-21T12:01:01.000Z',
        finishedAt: '2026-11-21T12:01:02.000Z',
      },
    });

    // Act
    await notifier.finished(done);

    // Assess
    const message = sns.published.at(-1);
    expect(message?.subject).toBe('Done: Turn off 2-step verification for bob@example.com');
    expect(message?.message).toContain('Approved by U_BOB: go');
    expect(message?.message).toContain('2-step verification turned off');
  });

  it('keeps subjects within SNS limits', async () => {
    // Prepare
    const notifier = new SnsNotifier(client, 'arn:aws:sns:us-east-1:000000000000:approvals');
    const long = item();
    long.action.summary = `Reset\n${'very '.repeat(40)}long`;

    // Act
    await notifier.approvalRequested(long);

    // Assess
    const subject = sns.published.at(-1)?.subject ?? '';
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it("fails with SNS's error when the topic does not exist", async () => {
    // Prepare
    const notifier = new SnsNotifier(client, 'arn:aws:sns:us-east-1:000000000000:nowhere');

    // Act
    const attempt = notifier.approvalRequested(item());

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Topic does not exist',
    });
  });
});
