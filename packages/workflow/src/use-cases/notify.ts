import { isTerminal } from '@agentcore/core';
import { WrongStatusError } from '../errors.js';
import type { ApprovalRepository, Notifier } from '../ports.js';
import { loadRequest } from './load.js';

/** Tells the requester how their request ended. */
export async function notifyRequester(
  deps: { approvals: ApprovalRepository; notifier: Notifier },
  requestId: string,
): Promise<void> {
  const item = await loadRequest(deps.approvals, requestId);
  if (!isTerminal(item.status)) {
    throw new WrongStatusError(
      `request ${requestId} is still ${item.status}; there is nothing to report yet`,
    );
  }
  await deps.notifier.finished(item);
}
