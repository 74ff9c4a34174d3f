import type { ApprovalItem } from '@agentcore/core';
import { WrongStatusError } from '../errors.js';
import type { ApprovalRepository, ExecutionStarter } from '../ports.js';
import { loadRequest } from './load.js';

/**
 * Asks for a request to be run, outside the state machine's own step (the seed's direct
 * `{"request_id"}` invoke). It is handed to its workflow (one execution per request, so this
 * starts it or finds it already running) rather than run here, which could race the workflow.
 */
export async function redriveRequest(
  deps: { approvals: ApprovalRepository; executions: ExecutionStarter },
  requestId: string,
): Promise<{ item: ApprovalItem; executionArn?: string }> {
  const item = await loadRequest(deps.approvals, requestId);
  if (item.status === 'pending') {
    throw new WrongStatusError(
      `request ${requestId} is waiting for approval; it runs once approved`,
    );
  }
  if (item.status !== 'received' && item.status !== 'approved') return { item };
  const { executionArn } = await deps.executions.start(requestId);
  return { item, executionArn };
}
