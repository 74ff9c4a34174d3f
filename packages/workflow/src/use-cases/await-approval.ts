import {
  type ApprovalItem,
  PolicyDecisionSchema,
  parseOrThrow,
  StatusConflictError,
} from '@agentcore/core';
import * as z from 'zod';
import { WrongStatusError } from '../errors.js';
import type { ApprovalRepository, Clock, Notifier, TaskTokens, ToolPinner } from '../ports.js';
import { isOpen } from './expiry.js';
import { loadForStep, StepTargetSchema } from './load.js';

export interface AwaitApprovalDeps {
  approvals: ApprovalRepository;
  pinner: ToolPinner;
  notifier: Notifier;
  tokens: TaskTokens;
  clock: Clock;
}

export const AwaitApprovalInputSchema = StepTargetSchema.extend({
  taskToken: z.string().min(1).max(2_048),
  expiresInSeconds: z.number().int().min(1),
  /** The verdict of the policy step, stored here with the move to `pending`. */
  policy: PolicyDecisionSchema,
});

/**
 * Puts a request in front of its approvers and leaves the workflow waiting on `taskToken`.
 * Approvers are told before the request moves to `pending`, so a failure between the two is
 * retried into a second message rather than none. Re-driven (same request, new token): a
 * pending request takes the new token; one decided while nobody waited hands its verdict
 * straight back.
 */
export async function awaitApproval(
  deps: AwaitApprovalDeps,
  input: z.input<typeof AwaitApprovalInputSchema>,
): Promise<void> {
  const step = parseOrThrow(AwaitApprovalInputSchema, input, 'approval wait');
  const item = await loadForStep(deps.approvals, step);
  if (item.status === 'received') {
    const policy = item.policy ?? step.policy;
    if (policy.outcome !== 'require_approval') {
      throw new WrongStatusError(
        `request ${item.requestId} was ${policy.outcome} by policy; it does not wait for approval`,
      );
    }
    const changes = {
      policy,
      taskToken: step.taskToken,
      toolPins: await deps.pinner.pin(item.intendedTools),
      allowedTools: item.intendedTools,
      expiresAt: new Date(deps.clock().getTime() + step.expiresInSeconds * 1000).toISOString(),
    };
    await deps.notifier.approvalRequested({ ...item, ...changes, status: 'pending' });
    await deps.approvals.transition(
      item.requestId,
      {
        from: 'received',
        to: 'pending',
        actor: 'approval',
        changes,
      },
      item,
    );
    return;
  }
  if (item.status === 'pending') {
    if (item.taskToken === step.taskToken) return;
    // A wait armed again (a restart, a re-drive) after the window closed does not reopen it.
    if (!isOpen(item, deps.clock())) {
      await expireLateWait(deps, item, step.taskToken);
      return;
    }
    try {
      await deps.approvals.amend(
        item.requestId,
        { status: 'pending', actor: 'approval', changes: { taskToken: step.taskToken } },
        item,
      );
      return;
    } catch (error) {
      // Decided while the token was being swapped: the decision went to the old token, on which
      // nobody waits any more, so it is handed to this one.
      if (!(error instanceof StatusConflictError)) throw error;
      const decided = await loadForStep(deps.approvals, step);
      if (decided.status !== 'approved' && decided.status !== 'rejected') throw error;
      await deps.tokens.succeed(step.taskToken, { verdict: decided.status });
      return;
    }
  }
  if (item.status === 'approved' || item.status === 'rejected') {
    await deps.tokens.succeed(step.taskToken, { verdict: item.status });
    return;
  }
  throw new WrongStatusError(
    `request ${item.requestId} is ${item.status}; it cannot wait for approval`,
  );
}

/**
 * Ends a request whose approval window closed while nobody waited on it: it expires now, and the
 * new wait is answered at once, so the workflow tells the requester instead of waiting anew.
 */
async function expireLateWait(
  deps: AwaitApprovalDeps,
  item: ApprovalItem,
  taskToken: string,
): Promise<void> {
  try {
    await deps.approvals.transition(
      item.requestId,
      {
        from: 'pending',
        to: 'expired',
        actor: 'approval',
        changes: { statusReason: `no decision before the approval expired at ${item.expiresAt}` },
      },
      item,
    );
  } catch (error) {
    // Decided just before it closed: that decision stands, and goes to this wait.
    if (!(error instanceof StatusConflictError)) throw error;
  }
  const now = await deps.approvals.get(item.requestId);
  await deps.tokens.succeed(taskToken, { verdict: now?.status ?? 'expired' });
}
