import { MAX_STEPS, ProposedActionSchema, parseOrThrow } from '@agentcore/core';
import { NotUnderstoodError } from '../errors.js';
import type { ApprovalRepository, Planner } from '../ports.js';
import { loadForStep, type StepTarget } from './load.js';
import { type PlanLookupDeps, planLookup } from './plan-lookups.js';

export interface PlanDeps {
  approvals: ApprovalRepository;
  planner: Planner;
  /** Absent: the planner resolves nothing by calling tools. */
  lookups?: PlanLookupDeps;
}

/**
 * Turns a natural-language request into a proposed action with exact calls. Direct-mode
 * requests carry their calls already; a request past `received` was planned before (a
 * re-driven execution). Words the planner does not understand, or cannot turn into exact
 * calls, throw `NotUnderstoodError`, which ends the request with that reason.
 *
 * A request whose earlier step ran comes back here for its next step: the planner sees what
 * ran and what it returned, and proposes the next exact calls, which policy and approvers
 * judge on their own. In the last step a further `nextStep` is not taken.
 */
export async function planRequest(
  deps: PlanDeps,
  target: StepTarget,
  signal?: AbortSignal,
): Promise<void> {
  const item = await loadForStep(deps.approvals, target);
  if (item.status !== 'received' || item.action.toolCalls) return;
  const lastStep = item.step >= MAX_STEPS;
  const proposal = await deps.planner.propose(
    {
      query: item.action.query,
      requester: item.requester,
      origin: item.action.origin,
      environment: item.action.environment,
      ...(deps.lookups ? { lookup: planLookup(deps.lookups, item) } : {}),
      ...(item.earlierSteps.length > 0 ? { earlierSteps: item.earlierSteps } : {}),
      ...(item.action.nextStep ? { intent: item.action.nextStep } : {}),
      ...(lastStep ? { lastStep } : {}),
    },
    signal,
  );
  if ('notUnderstood' in proposal) throw new NotUnderstoodError(proposal.notUnderstood);
  // Approvers approve exact calls, and only those run: a plan without them goes no further.
  if (!proposal.toolCalls || proposal.toolCalls.length === 0) {
    throw new NotUnderstoodError(
      `this request could not be turned into exact tool calls (${proposal.summary}); ` +
        'say exactly what to act on, e.g. the account, email address or id',
    );
  }
  // The step before's intent is spent; a next one is kept only while steps remain.
  const { nextStep: _spent, ...words } = item.action;
  const { nextStep, ...planned } = proposal;
  const action = parseOrThrow(
    ProposedActionSchema,
    { ...words, ...planned, ...(nextStep && !lastStep ? { nextStep } : {}) },
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
