import { type ApprovalItem, ApprovalItemSchema } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { analyticsOf, percentile } from '../src/admin/analytics.js';
import { requestsCsv } from '../src/admin/request-list.js';

const T0 = '2030-01-01T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
let sequence = 0;

function request(
  status: ApprovalItem['status'],
  requester: string,
  tool: string,
  votes: { approver: string; verdict: 'approved' | 'rejected'; after: number }[] = [],
): ApprovalItem {
  sequence += 1;
  const decisions = votes.map((vote) => ({
    approver: vote.approver,
    verdict: vote.verdict,
    decidedAt: at(vote.after),
  }));
  return ApprovalItemSchema.parse({
    requestId: `01J0000000000000000000000${String(sequence).padStart(1, '0')}`.slice(0, 26),
    status,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    requester: { userId: requester, groups: [] },
    action: {
      requester: { userId: requester, groups: [] },
      origin: { source: 'api' },
      query: `Run ${tool}`,
      summary: `=Run ${tool}`,
      intendedTools: [tool],
      toolCalls: [{ tool, arguments: { email: 'bob@example.com' } }],
    },
    intendedTools: [tool],
    votes: decisions,
    ...(decisions.length > 0 ? { decision: decisions[decisions.length - 1] } : {}),
  });
}

describe('analytics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it('counts by user, status and tool, and measures approvers and latency', () => {
    // Prepare
    const items = [
      request('completed', 'U_ALICE', 'ops__reset_2fa', [
        { approver: 'U_ANA', verdict: 'approved', after: 10 },
      ]),
      request('completed', 'U_ALICE', 'ops__reset_2fa', [
        { approver: 'U_ANA', verdict: 'approved', after: 30 },
      ]),
      request('rejected', 'U_BOB', 'ops__grant_admin', [
        { approver: 'U_ZED', verdict: 'rejected', after: 600 },
      ]),
      request('expired', 'U_BOB', 'ops__grant_admin'),
    ];
    // Act
    const figures = analyticsOf(items);
    // Assess
    expect(figures.byUser).toEqual([
      ['U_ALICE', 2],
      ['U_BOB', 2],
    ]);
    expect(figures.byStatus).toEqual([
      ['completed', 2],
      ['expired', 1],
      ['rejected', 1],
    ]);
    expect(figures.approvalLatency).toEqual({ decided: 3, p50: 30, p90: 600 });
    expect(figures.approvers).toEqual([
      {
        approver: 'U_ANA',
        votes: 2,
        approved: 2,
        rejected: 0,
        approveRate: 1,
        medianDecisionSeconds: 10,
      },
      {
        approver: 'U_ZED',
        votes: 1,
        approved: 0,
        rejected: 1,
        approveRate: 0,
        medianDecisionSeconds: 600,
      },
    ]);
    expect(figures.expiries).toBe(1);
    expect(figures.expiredByTool).toEqual([['ops__grant_admin', 1]]);
  });

  it('exports requests as CSV with formula-looking cells defused', () => {
    const csv = requestsCsv([request('pending', 'U_ALICE', 'ops__reset_2fa')]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(
      'requestId,status,createdAt,requester,summary,calls,policy,policyIds,verdict,approver,decidedAt',
    );
    expect(row).toContain(",'=Run ops__reset_2fa,");
  });
});
