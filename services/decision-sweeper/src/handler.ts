import { observeInvocation, type Telemetry } from '@agentcore/adapters';
import {
  type ResumeDecidedDeps,
  type ResumeDecidedOptions,
  type ResumeDecidedReport,
  resumeDecidedRequests,
} from '@agentcore/workflow';

export interface DecisionSweeperDeps extends ResumeDecidedDeps {
  options: ResumeDecidedOptions;
  telemetry: Telemetry;
}

/** The decision sweeper, run on a schedule: its event carries nothing it reads. */
export function createHandler(deps: DecisionSweeperDeps) {
  return (event: unknown): Promise<ResumeDecidedReport> =>
    observeInvocation(deps.telemetry, event, async () => {
      const report = await resumeDecidedRequests(deps, deps.options);
      deps.telemetry.logger.info('decisions swept', {
        handedOff: report.handedOff.length,
        notWaiting: report.notWaiting.length,
        failed: report.failed.length,
      });
      return report;
    });
}
