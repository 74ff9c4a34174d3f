import type { ApprovalItem } from '@agentcore/core';
import type { ApprovalRepository, Clock } from '../ports.js';

/**
 * How long after a decision its execution may still start although the approval expired
 * meanwhile: a decision recorded a second before `expiresAt` still runs when it starts at once,
 * but an approval whose execution starts later (the runtime was down, a step was stuck) does not.
 */
export const EXECUTION_START_GRACE_MS = 60_000;

/** Whether the approval window is still open at `now` (no expiry: always). */
export function isOpen(item: ApprovalItem, now: Date): boolean {
  return item.expiresAt === undefined || now.getTime() < Date.parse(item.expiresAt);
}

/** What a late decider or editor is told: when the request expired, so it is clear why. */
export function expiredMessage(item: ApprovalItem, doing: string): string {
  return `request ${item.requestId} expired at ${item.expiresAt}; it can no longer be ${doing}`;
}

/**
 * Whether an approved request may no longer start: its approval expired, and it was decided
 * longer than the start grace ago.
 */
export function approvalLapsed(item: ApprovalItem, now: Date): boolean {
  if (item.status !== 'approved' || isOpen(item, now)) return false;
  const decidedAt = item.decision ? Date.parse(item.decision.decidedAt) : Number.NaN;
  return !(now.getTime() - decidedAt <= EXECUTION_START_GRACE_MS);
}

/**
 * Checked as execution starts: an approved request whose approval lapsed before it could start
 * ends `expired`, with a reason that says when it was approved, started and expired; nothing
 * runs. Returns whether it did.
 */
export async function expireIfLapsed(
  deps: { approvals: ApprovalRepository; clock: Clock },
  item: ApprovalItem,
): Promise<boolean> {
  const now = deps.clock();
  if (!approvalLapsed(item, now)) return false;
  await deps.approvals.transition(
    item.requestId,
    {
      from: 'approved',
      to: 'expired',
      actor: 'execute',
      changes: {
        statusReason: `approved at ${item.decision?.decidedAt ?? 'an unknown time'}, but execution only started at ${now.toISOString()}, after the approval expired at ${item.expiresAt}; nothing ran`,
      },
    },
    item,
  );
  return true;
}
