import {
  type ResumeDecidedDeps,
  type ResumeDecidedOptions,
  type ResumeDecidedReport,
  resumeDecidedRequests,
} from '@agentcore/workflow';

export interface DecisionSweeperDeps extends ResumeDecidedDeps {
  options: ResumeDecidedOptions;
}

/** The decision sweeper, run on a schedule: its event carries nothing it reads. */
export function createHandler(deps: DecisionSweeperDeps) {
  return (_event: unknown): Promise<ResumeDecidedReport> =>
    resumeDecidedRequests(deps, deps.options);
}
