import { newRequestId, type ProposedActionInput } from '@agentcore/core';
import type { NewApproval } from '@agentcore/store';

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
  return {
    requestId: newRequestId(nowMs),
    requester: action.requester,
    action,
    intendedTools: ['google_admin__reset_user_2fa'],
    ...overrides,
  };
}
