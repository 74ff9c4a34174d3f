import { type PolicyOutcome, ProposedActionSchema, parseOrThrow } from '@agentcore/core';
import { NoModelConfiguredError } from '../errors.js';
import type { ApprovalRepository, Planner, PolicyPort } from '../ports.js';
import { loadRequest } from './load.js';

export interface PlanDeps {
  approvals: ApprovalRepository;
  /** Absent when no model is configured: only direct-mode requests can then be planned. */
  planner: Planner | undefined;
  noModelMessage: string;
}

/**
 * Turns a natural-language request into a proposed action. Direct-mode requests carry their
 * plan already; a request past `received` was planned before (a re-driven execution).
 */
export async function planRequest(
  deps: PlanDeps,
  requestId: string,
  signal?: AbortSignal,
): Promise<void> {
  const item = await loadRequest(deps.approvals, requestId);
  if (item.status !== 'received' || item.action.toolCalls || item.intendedTools.length > 0) return;
  if (!deps.planner) throw new NoModelConfiguredError(deps.noModelMessage);
  const proposal = await deps.planner.propose(
    {
      query: item.action.query,
      requester: item.requester,
      origin: item.action.origin,
      environment: item.action.environment,
    },
    signal,
  );
  const action = parseOrThrow(
    ProposedActionSchema,
    { ...item.action, ...proposal },
    'proposed action',
  );
  await deps.approvals.amend(requestId, {
    status: 'received',
    actor: 'planner',
    changes: { action, intendedTools: action.intendedTools },
  });
}

export interface DecideDeps {
  approvals: ApprovalRepository;
  policy: PolicyPort;
  /** Approvals must expire before the execution's own timeout does. */
  maxApprovalSeconds: number;
}

export interface DecideResult {
  outcome: PolicyOutcome;
  approvalTimeoutSeconds: number;
}

/** Asks policy once; a re-driven execution gets the decision that was made the first time. */
export async function decideRequest(deps: DecideDeps, requestId: string): Promise<DecideResult> {
  const item = await loadRequest(deps.approvals, requestId);
  const decision = item.policy ?? (await deps.policy.decide(item.action));
  const approvalTimeoutSeconds = Math.max(
    1,
    Math.min(decision.approval?.expiresInSeconds ?? 3_600, deps.maxApprovalSeconds),
  );
  if (item.status === 'received' && !item.policy) {
    if (decision.outcome === 'deny') {
      await deps.approvals.transition(requestId, {
        from: 'received',
        to: 'denied',
        actor: 'policy',
        changes: { policy: decision, statusReason: decision.reason },
      });
    } else {
      await deps.approvals.amend(requestId, {
        status: 'received',
        actor: 'policy',
        changes: {
          policy: decision,
          ...(decision.outcome === 'allow' ? { allowedTools: item.intendedTools } : {}),
        },
      });
    }
  }
  return { outcome: decision.outcome, approvalTimeoutSeconds };
}
