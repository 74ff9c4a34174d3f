import { canTransition, isTerminal, LIMITS, parseOrThrow } from '@agentcore/core';
import * as z from 'zod';
import type { ApprovalRepository, Clock, ExecutionAudit } from '../ports.js';
import { interruptedResult } from './call-evidence.js';
import { loadForStep, type StepTarget } from './load.js';

/** The approval window closed with no decision the workflow received. */
export async function expireRequest(
  approvals: ApprovalRepository,
  target: StepTarget,
): Promise<void> {
  const item = await loadForStep(approvals, target);
  if (item.status === 'pending') {
    await approvals.transition(
      item.requestId,
      {
        from: 'pending',
        to: 'expired',
        actor: 'workflow',
        changes: { statusReason: 'no decision before the approval expired' },
      },
      item,
    );
  } else if (item.status === 'approved') {
    // Approved as the window closed, but the workflow had stopped waiting: do not run it late.
    await approvals.transition(
      item.requestId,
      {
        from: 'approved',
        to: 'failed',
        actor: 'workflow',
        changes: { statusReason: 'approved after the approval window closed; not executed' },
      },
      item,
    );
  }
}

export const WorkflowErrorInputSchema = z.object({
  Error: z.string(),
  Cause: z.string().optional(),
});

/** Step Functions' Cause is JSON from Lambda errors and plain text otherwise. */
function describeFailure(error: z.infer<typeof WorkflowErrorInputSchema>): string {
  try {
    const parsed = JSON.parse(error.Cause ?? '') as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return `${error.Error}: ${parsed.errorMessage}`;
  } catch {
    // Not JSON: the cause is already text.
  }
  return error.Cause ? `${error.Error}: ${error.Cause}` : error.Error;
}

/**
 * A step failed for good: record why, unless the request already ended. A run that died mid-way
 * (found `executing`) is failed with the calls its audit shows, when the audit is given.
 */
export async function failRequest(
  approvals: ApprovalRepository,
  target: StepTarget,
  error: z.input<typeof WorkflowErrorInputSchema>,
  evidence?: { audit: ExecutionAudit; clock: Clock },
): Promise<void> {
  const failure = parseOrThrow(WorkflowErrorInputSchema, error, 'workflow error');
  const item = await loadForStep(approvals, target);
  if (isTerminal(item.status) || !canTransition(item.status, 'failed')) return;
  const statusReason = describeFailure(failure).slice(0, LIMITS.comment);
  const result =
    item.status === 'executing' && evidence
      ? await interruptedResult(evidence.audit, item, statusReason, evidence.clock())
      : undefined;
  await approvals.transition(
    item.requestId,
    {
      from: item.status,
      to: 'failed',
      actor: 'workflow',
      changes: { statusReason, ...(result ? { result } : {}) },
    },
    item,
  );
}
