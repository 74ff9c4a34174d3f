import type { PolicyDecision, PolicyOutcome } from '@agentcore/core';
import type { ApprovalRepository, Clock, PolicyPort } from '../ports.js';
import { loadForStep, type StepTarget } from './load.js';

export interface EvaluatePolicyDeps {
  approvals: ApprovalRepository;
  policy: PolicyPort;
  /** Approvals must expire before the execution's own timeout does. */
  maxApprovalSeconds: number;
  /** Times what is left of an approval window already open (a re-run workflow). */
  clock?: Clock;
}

export interface PolicyVerdict {
  outcome: PolicyOutcome;
  approvalTimeoutSeconds: number;
  /** Stored by the step that acts on it (awaiting approval, or executing), with its transition. */
  policy: PolicyDecision;
}

/**
 * Asks policy what may happen to a request. A denial ends the request here. Otherwise the
 * verdict is handed to the next step, which stores it with its own transition; a re-driven
 * execution that finds a stored verdict gets that one, never a second opinion.
 */
export async function evaluatePolicy(
  deps: EvaluatePolicyDeps,
  target: StepTarget,
): Promise<PolicyVerdict> {
  const item = await loadForStep(deps.approvals, target);
  const policy = item.policy ?? (await deps.policy.decide(item.action));
  const window = Math.min(policy.approval?.expiresInSeconds ?? 3_600, deps.maxApprovalSeconds);
  // A request already waiting keeps its expiry: the wait armed again gets only the time left.
  const left =
    item.status === 'pending' && item.expiresAt && deps.clock
      ? Math.ceil((Date.parse(item.expiresAt) - deps.clock().getTime()) / 1000)
      : window;
  const approvalTimeoutSeconds = Math.max(1, Math.min(window, left));
  if (item.status === 'received' && !item.policy && policy.outcome === 'deny') {
    await deps.approvals.transition(
      item.requestId,
      {
        from: 'received',
        to: 'denied',
        actor: 'policy',
        changes: { policy, statusReason: policy.reason },
      },
      item,
    );
  }
  return { outcome: policy.outcome, approvalTimeoutSeconds, policy };
}
