import type { ApprovalItem } from '@agentcore/core';

export interface ApproverFigures {
  approver: string;
  votes: number;
  approved: number;
  rejected: number;
  /** Share of votes that approved, 0..1. */
  approveRate: number;
  /** Median seconds from the request to this approver's vote. */
  medianDecisionSeconds: number;
}

export interface Analytics {
  total: number;
  byUser: [string, number][];
  byStatus: [string, number][];
  byTool: [string, number][];
  /** Seconds from the request to its settling decision. */
  approvalLatency: { decided: number; p50: number; p90: number };
  approvers: ApproverFigures[];
  expiries: number;
  expiredByTool: [string, number][];
}

/** Nearest-rank percentile of `values` (0 when there are none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

function counted(keys: Iterable<string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const secondsBetween = (from: string, to: string) =>
  Math.max(0, (new Date(to).getTime() - new Date(from).getTime()) / 1000);

/** The figures the analytics page shows, from the requests it read. */
export function analyticsOf(items: readonly ApprovalItem[]): Analytics {
  const decided = items.filter((item) => item.decision !== undefined);
  const latencies = decided.map((item) =>
    secondsBetween(item.createdAt, item.decision?.decidedAt ?? item.createdAt),
  );
  const byApprover = new Map<string, { approved: number; rejected: number; times: number[] }>();
  for (const item of items) {
    for (const vote of item.votes) {
      const figures = byApprover.get(vote.approver) ?? { approved: 0, rejected: 0, times: [] };
      if (vote.verdict === 'approved') figures.approved += 1;
      else figures.rejected += 1;
      figures.times.push(secondsBetween(item.createdAt, vote.decidedAt));
      byApprover.set(vote.approver, figures);
    }
  }
  const expired = items.filter((item) => item.status === 'expired');
  return {
    total: items.length,
    byUser: counted(items.map((item) => item.requester.userId)),
    byStatus: counted(items.map((item) => item.status)),
    byTool: counted(items.flatMap((item) => item.intendedTools)),
    approvalLatency: {
      decided: decided.length,
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
    },
    approvers: [...byApprover]
      .map(([approver, figures]) => {
        const votes = figures.approved + figures.rejected;
        return {
          approver,
          votes,
          approved: figures.approved,
          rejected: figures.rejected,
          approveRate: votes === 0 ? 0 : figures.approved / votes,
          medianDecisionSeconds: percentile(figures.times, 50),
        };
      })
      .sort((a, b) => b.votes - a.votes || a.approver.localeCompare(b.approver)),
    expiries: expired.length,
    expiredByTool: counted(expired.flatMap((item) => item.intendedTools)),
  };
}
