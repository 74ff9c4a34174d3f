import { type ApprovalItem, NotFoundError, RequestIdSchema } from '@agentcore/core';
import * as z from 'zod';
import { StaleExecutionError } from '../errors.js';
import type { ApprovalRepository } from '../ports.js';

export async function loadRequest(
  approvals: ApprovalRepository,
  requestId: string,
): Promise<ApprovalItem> {
  const item = await approvals.get(requestId);
  if (!item) throw new NotFoundError('request', requestId);
  return item;
}

/** Who a state machine step acts for: the request, and the execution that sent the step. */
export const StepTargetSchema = z.object({
  requestId: RequestIdSchema,
  executionArn: z.string().min(1).max(2_048),
});
export type StepTarget = z.infer<typeof StepTargetSchema>;

/** Loads a step's request, refusing a step sent by any execution but the request's own. */
export async function loadForStep(
  approvals: ApprovalRepository,
  target: StepTarget,
): Promise<ApprovalItem> {
  const item = await loadRequest(approvals, target.requestId);
  if (item.executionArn !== target.executionArn) {
    throw new StaleExecutionError(target.requestId, target.executionArn);
  }
  return item;
}
