import { observeInvocation, type Telemetry } from '@agentcore/adapters';
import { parseOrThrow } from '@agentcore/core';
import { type ExecuteDeps, ExecuteInputSchema, executeRequest } from '@agentcore/workflow';
import * as z from 'zod';

/** The state machine's Execute step; operators re-drive through the direct-invoke function. */
export const ExecuteEventSchema = ExecuteInputSchema.extend({ step: z.literal('execute') });

/**
 * The execute function: runs the request its execution carries, exactly as allowed, and tells
 * the state machine whether the request went back to planning for its next step.
 */
export type ExecuteServiceDeps = ExecuteDeps & { telemetry: Telemetry };

export function createHandler(deps: ExecuteServiceDeps) {
  return (event: unknown): Promise<{ followUp: boolean }> =>
    observeInvocation(deps.telemetry, event, async () => {
      const input = parseOrThrow(ExecuteEventSchema, event, 'execute step');
      const report = await executeRequest(deps, input);
      const calls = report?.toolCalls ?? [];
      deps.telemetry.metrics.count('ToolCall', calls.length);
      deps.telemetry.metrics.count('ToolCallFailure', calls.filter((call) => !call.ok).length);
      return { followUp: report?.nextStep !== undefined };
    });
}
