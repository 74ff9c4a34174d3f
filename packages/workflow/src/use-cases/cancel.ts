import { type ApprovalItem, parseOrThrow, RequestIdSchema, RetryableError } from '@agentcore/core';
import * as z from 'zod';
import { NotAuthorisedError, WrongStatusError } from '../errors.js';
import type { ApprovalRepository, TaskTokens } from '../ports.js';
import { loadRequest } from './load.js';

export interface CancelDeps {
  approvals: ApprovalRepository;
  tokens: TaskTokens;
}

export const CancelRequestSchema = z.object({
  requestId: RequestIdSchema,
  /** The authenticated person cancelling: only the requester may. */
  requesterId: z.string().trim().min(1).max(256),
});
export type CancelRequest = z.input<typeof CancelRequestSchema>;

async function handOffCancellation(tokens: TaskTokens, item: ApprovalItem): Promise<void> {
  if (!item.taskToken) return;
  try {
    await tokens.succeed(item.taskToken, { verdict: 'cancelled' });
  } catch (error) {
    throw new RetryableError(
      `request ${item.requestId} is cancelled, but telling its workflow failed; cancel again to tell it`,
      { cause: error },
    );
  }
}

/**
 * The requester withdraws a request that waits for approval: it ends `cancelled`, nothing runs,
 * and the waiting workflow is told (it then notifies as for any ending). Cancelling again after a
 * failed hand-off hands it over again.
 */
export async function cancelRequest(deps: CancelDeps, input: CancelRequest): Promise<ApprovalItem> {
  const request = parseOrThrow(CancelRequestSchema, input, 'cancellation');
  const item = await loadRequest(deps.approvals, request.requestId);
  if (item.requester.userId !== request.requesterId) {
    throw new NotAuthorisedError('only the requester may cancel a request');
  }
  if (item.status === 'cancelled') {
    await handOffCancellation(deps.tokens, item);
    return item;
  }
  if (item.status !== 'pending') {
    throw new WrongStatusError(
      `request ${item.requestId} is ${item.status}; only a request waiting for approval can be cancelled`,
    );
  }
  await deps.approvals.transition(
    item.requestId,
    {
      from: 'pending',
      to: 'cancelled',
      actor: request.requesterId,
      changes: { statusReason: `cancelled by ${request.requesterId}` },
    },
    item,
  );
  const cancelled = { ...item, status: 'cancelled' as const };
  await handOffCancellation(deps.tokens, cancelled);
  return (await deps.approvals.get(item.requestId)) ?? cancelled;
}
