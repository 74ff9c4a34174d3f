import { type NewApproval, newRequestId, type ProposedActionInput } from '@agentcore/core';

export function proposedAction(overrides: Partial<ProposedActionInput> = {}): ProposedActionInput {
  return {
    requester: { userId: 'U_ALICE', email: 'alice@example.com', groups: ['ops'] },
    origin: { source: 'slack', channelId: 'C123', threadTs: '1700000000.000100' },
    query: 'reset 2FA for bob@example.com',
    summary: 'Turn off 2-step verification for bob@example.com',
    category: 'user_account_access',
    resource: 'bob@example.com',
    environment: 'dev',
    intendedTools: ['google_admin__reset_user_2fa'],
    ...overrides,
  };
}

export function newApproval(overrides: Partial<NewApproval> = {}, nowMs = Date.now()): NewApproval {
  const action = proposedAction();
  const requestId = newRequestId(nowMs);
  return {
    requestId,
    requester: action.requester,
    action,
    intendedTools: ['google_admin__reset_user_2fa'],
    executionArn: `arn:aws:states:us-east-1:000000000000:execution:hitl:${requestId}`,
    ...overrides,
  };
}
