import { type ApprovalItem, type ApprovalItemInput, ApprovalItemSchema } from '@agentcore/core';

export const REQUEST_ID = '01KB0000000000000000000000';
export const CREATED_AT = '2026-01-01T10:00:00.000Z';
export const EXPIRES_AT = '2026-01-01T11:00:00.000Z';

/** A request waiting for approval, as the store holds it, with `changes` laid over it. */
export function pendingItem(changes: Partial<ApprovalItemInput> = {}): ApprovalItem {
  const action = {
    requester: { userId: 'U_ALICE', groups: [] },
    origin: { source: 'slack' as const, channelId: 'C_OPS', threadTs: '1767261600.000100' },
    query: 'reset 2FA for bob@example.com',
    summary: 'Reset 2-Step Verification for bob@example.com',
    category: 'user_account_access' as const,
    environment: 'prod',
    resource: 'bob@example.com',
    intendedTools: ['google_admin__reset_2fa'],
    toolCalls: [
      {
        tool: 'google_admin__reset_2fa',
        arguments: { user_email: 'bob@example.com' },
        description: 'Turn off 2-Step Verification for bob@example.com so he can enrol again',
      },
    ],
  };
  return ApprovalItemSchema.parse({
    requestId: REQUEST_ID,
    status: 'pending',
    version: 3,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    requester: action.requester,
    action,
    policy: {
      outcome: 'require_approval',
      policyIds: ['account-changes-need-approval'],
      reason: 'Account security changes need an approver',
      approval: { approverGroups: ['approvers'], quorum: 2 },
      policyVersion: 4,
    },
    intendedTools: action.intendedTools,
    expiresAt: EXPIRES_AT,
    ...changes,
  });
}
