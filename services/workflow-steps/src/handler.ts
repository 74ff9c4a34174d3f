import { observeInvocation, type Telemetry } from '@agentcore/adapters';
import { parseOrThrow } from '@agentcore/core';
import {
  type AwaitApprovalDeps,
  AwaitApprovalInputSchema,
  awaitApproval,
  type EvaluatePolicyDeps,
  type ExecutionAudit,
  evaluatePolicy,
  expireRequest,
  failRequest,
  type PlanDeps,
  planRequest,
  StepTargetSchema,
  WorkflowErrorInputSchema,
} from '@agentcore/workflow';
import * as z from 'zod';

/** The events the state machine sends; no caller has a way to send them. */
export const WorkflowStepEventSchema = z.discriminatedUnion('step', [
  StepTargetSchema.extend({ step: z.literal('plan') }),
  StepTargetSchema.extend({ step: z.literal('evaluate_policy') }),
  AwaitApprovalInputSchema.extend({ step: z.literal('await_approval') }),
  StepTargetSchema.extend({ step: z.literal('expire') }),
  StepTargetSchema.extend({ step: z.literal('fail'), error: WorkflowErrorInputSchema }),
]);
export type WorkflowStepEvent = z.input<typeof WorkflowStepEventSchema>;

export type WorkflowStepsDeps = PlanDeps &
  EvaluatePolicyDeps &
  AwaitApprovalDeps & {
    telemetry: Telemetry;
    /** The request audit: a run that died mid-way is failed with the calls it shows. */
    audit?: ExecutionAudit;
  };

/**
 * The workflow steps function: one step per event. Failures are thrown, so the state machine's
 * Retry (RetryableError) and Catch (anything else) decide what happens next.
 */
export function createHandler(deps: WorkflowStepsDeps) {
  return (event: unknown): Promise<unknown> =>
    observeInvocation(deps.telemetry, event, async () => {
      const input = parseOrThrow(WorkflowStepEventSchema, event, 'workflow step');
      switch (input.step) {
        case 'plan':
          await planRequest(deps, input);
          return null;
        case 'evaluate_policy': {
          const verdict = await evaluatePolicy(deps, input);
          deps.telemetry.metrics.countDecision(verdict.outcome);
          return verdict;
        }
        case 'await_approval':
          await awaitApproval(deps, input);
          return null;
        case 'expire':
          await expireRequest(deps.approvals, input);
          return null;
        case 'fail':
          await failRequest(
            deps.approvals,
            input,
            input.error,
            deps.audit && { audit: deps.audit, clock: deps.clock },
          );
          return null;
      }
    });
}
