import { newRequestId, ProposedActionSchema } from '@agentcore/core';
import { InMemoryApprovalRepository, ManualClock } from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { decisionView, recentRequests } from '../src/policy-views.js';

async function record(approvals: InMemoryApprovalRepository, clock: ManualClock, n: number) {
  clock.advance(1_000);
  const requestId = newRequestId(clock.now().getTime());
  const action = ProposedActionSchema.parse({
    requester: { userId: 'U_ALICE' },
    origin: { source: 'api' },
    query: `request ${n}`,
    summary: `request ${n}`,
  });
  await approvals.create(
    { requestId, requester: action.requester, action, intendedTools: [], executionArn: `arn:${n}` },
    'U_ALICE',
  );
  return requestId;
}

describe('recentRequests', () => {
  it('gives the newest requests whatever their status, over more than one page', async () => {
    // Prepare: 130 requests; every tenth denied, so both statuses hold some of the newest.
    const clock = new ManualClock();
    const approvals = new InMemoryApprovalRepository(clock.now);
    const ids: string[] = [];
    for (let n = 0; n < 130; n++) {
      const requestId = await record(approvals, clock, n);
      ids.push(requestId);
      if (n % 10 === 0) {
        await approvals.transition(requestId, { from: 'received', to: 'denied', actor: 'policy' });
      }
    }

    // Act
    const recent = await recentRequests(approvals, 120);

    // Assess
    expect(recent.map((item) => item.requestId)).toEqual(ids.slice(-120).reverse());
    expect(new Set(recent.map((item) => item.status))).toEqual(new Set(['received', 'denied']));
  });
});

describe('decisionView', () => {
  it('spells out who approves and how many, and nothing of the kind for an allow', () => {
    expect(
      decisionView({
        outcome: 'require_approval',
        reason: 'needs a look',
        policyIds: ['p1'],
        approval: {
          approverUserIds: ['U_BOSS'],
          approverGroups: ['approvers'],
          quorum: 2,
          allowSelfApproval: false,
          expiresInSeconds: 600,
        },
      }),
    ).toEqual({
      outcome: 'require_approval',
      reason: 'needs a look',
      policyIds: ['p1'],
      approvers: { userIds: ['U_BOSS'], groups: ['approvers'] },
      quorum: 2,
      allowSelfApproval: false,
      expiresInSeconds: 600,
    });
    expect(decisionView({ outcome: 'allow', reason: 'read-only', policyIds: [] })).toEqual({
      outcome: 'allow',
      reason: 'read-only',
      policyIds: [],
    });
  });
});
