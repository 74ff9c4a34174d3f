import { isTerminal } from '@agentcore/core';
import { WrongStatusError } from '../errors.js';
import type { ApprovalRepository, Notifier } from '../ports.js';
import { loadForStep, type StepTarget } from './load.js';

/** Tells the requester how their request ended. */
export async function notifyRequester(
  deps: { approvals: ApprovalRepository; notifier: Notifier },
  target: StepTarget,
): Promise<void> {
  const item = await loadForStep(deps.approvals, target);
  if (!isTerminal(item.status)) {
    throw new WrongStatusError(
      `request ${item.requestId} is still ${item.status}; there is nothing to report yet`,
    );
  }
  await deps.notifier.finished(item);
}
