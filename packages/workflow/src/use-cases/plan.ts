import { ProposedActionSchema, parseOrThrow } from '@agentcore/core';
import { NoModelConfiguredError } from '../errors.js';
import type { ApprovalRepository, Planner } from '../ports.js';
import { loadForStep, type StepTarget } from './load.js';

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
  target: StepTarget,
  signal?: AbortSignal,
): Promise<void> {
  const item = await loadForStep(deps.approvals, target);
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
  await deps.approvals.amend(
    item.requestId,
    {
      status: 'received',
      actor: 'planner',
      changes: { action, intendedTools: action.intendedTools },
    },
    item,
  );
}
