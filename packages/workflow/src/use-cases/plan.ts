import { ProposedActionSchema, parseOrThrow } from '@agentcore/core';
import { NotUnderstoodError } from '../errors.js';
import type { ApprovalRepository, Planner } from '../ports.js';
import { loadForStep, type StepTarget } from './load.js';

export interface PlanDeps {
  approvals: ApprovalRepository;
  planner: Planner;
}

/**
 * Turns a natural-language request into a proposed action. Direct-mode requests carry their
 * plan already; a request past `received` was planned before (a re-driven execution). Words
 * the planner does not understand throw `NotUnderstoodError`, which ends the request.
 */
export async function planRequest(
  deps: PlanDeps,
  target: StepTarget,
  signal?: AbortSignal,
): Promise<void> {
  const item = await loadForStep(deps.approvals, target);
  if (item.status !== 'received' || item.action.toolCalls || item.intendedTools.length > 0) return;
  const proposal = await deps.planner.propose(
    {
      query: item.action.query,
      requester: item.requester,
      origin: item.action.origin,
      environment: item.action.environment,
    },
    signal,
  );
  if ('notUnderstood' in proposal) throw new NotUnderstoodError(proposal.notUnderstood);
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
