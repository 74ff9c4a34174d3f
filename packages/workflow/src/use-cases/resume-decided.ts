import type { ApprovalItem, RequestStatus } from '@agentcore/core';
import type { ApprovalRepository, Clock, TaskTokens } from '../ports.js';

export interface ResumeDecidedDeps {
  approvals: ApprovalRepository;
  tokens: TaskTokens;
  clock: Clock;
}

export interface ResumeDecidedOptions {
  /** A decision younger than this may still be on its way to the workflow: leave it be. */
  graceSeconds: number;
  /** The longest approval window; nothing created before twice this can still be waiting. */
  maxApprovalSeconds: number;
  pageSize?: number;
}

export interface ResumeDecidedReport {
  handedOff: string[];
  notWaiting: string[];
  failed: { requestId: string; message: string }[];
}

/** Settled while the workflow waited: by an approver's decision, or the requester cancelling. */
const SETTLED: RequestStatus[] = ['approved', 'rejected', 'cancelled'];

/** When it was settled: the decision's time, or (cancelled) the request's last change. */
function settledAt(item: ApprovalItem): string | undefined {
  return item.decision?.decidedAt ?? (item.status === 'cancelled' ? item.updatedAt : undefined);
}

function mayStillWait(item: ApprovalItem, now: number, graceMs: number): boolean {
  const at = settledAt(item);
  if (!item.taskToken || at === undefined) return false;
  if (now - Date.parse(at) < graceMs) return false;
  return item.expiresAt === undefined || now < Date.parse(item.expiresAt);
}

/**
 * The sweeper: finds requests that were decided (or cancelled) but whose workflow may never have
 * heard (the hand-off failed and nobody retried) and hands their outcome over again. A workflow that
 * already moved on answers "not waiting", which is harmless.
 */
export async function resumeDecidedRequests(
  deps: ResumeDecidedDeps,
  options: ResumeDecidedOptions,
): Promise<ResumeDecidedReport> {
  const now = deps.clock().getTime();
  const oldest = now - 2 * options.maxApprovalSeconds * 1000;
  const report: ResumeDecidedReport = { handedOff: [], notWaiting: [], failed: [] };
  for (const status of SETTLED) {
    let cursor: string | undefined;
    do {
      const page = await deps.approvals.listByStatus(status, {
        limit: options.pageSize ?? 50,
        cursor,
      });
      for (const item of page.items) {
        if (!mayStillWait(item, now, options.graceSeconds * 1000)) continue;
        try {
          const outcome = await deps.tokens.succeed(item.taskToken as string, {
            verdict: item.status,
          });
          (outcome === 'delivered' ? report.handedOff : report.notWaiting).push(item.requestId);
        } catch (error) {
          report.failed.push({
            requestId: item.requestId,
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
      // Listing is newest first: past the oldest request that could still wait, stop.
      const last = page.items.at(-1);
      cursor = last && Date.parse(last.createdAt) >= oldest ? page.nextCursor : undefined;
    } while (cursor);
  }
  return report;
}
