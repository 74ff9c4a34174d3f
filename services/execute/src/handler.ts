import { LIMITS, parseOrThrow, RequestIdSchema } from '@agentcore/core';
import {
  type ExecuteDeps,
  type ExecutionStarter,
  executeRequest,
  requestView,
  runRequest,
  submitRequest,
  toResponse,
} from '@agentcore/workflow';
import { z } from 'zod';

/** The state machine's step, and the seed's two direct-invoke formats. */
export const ExecuteEventSchema = z.union([
  z.object({ step: z.literal('execute'), requestId: RequestIdSchema }),
  z.object({ request_id: RequestIdSchema }).strict(),
  z
    .object({
      action_text: z.string().trim().min(1).max(LIMITS.query),
      user_id: z.string().trim().min(1).max(256).default('lambda-invoke'),
      environment: z.string().trim().min(1).max(32).default('dev'),
    })
    .strict(),
]);

export interface ExecuteServiceDeps extends ExecuteDeps {
  executions: ExecutionStarter;
  noModelMessage: string | undefined;
}

/**
 * The execute function. From the state machine: run the request. Invoked directly with a
 * `request_id`: hand it to its workflow (it runs once allowed or approved). With an
 * `action_text`: submit it as a new request, which goes through policy like any other.
 */
export function createHandler(deps: ExecuteServiceDeps) {
  return async (event: unknown): Promise<unknown> => {
    if ((event as { step?: unknown } | null)?.step === 'execute') {
      const input = parseOrThrow(ExecuteEventSchema, event, 'event') as { requestId: string };
      await executeRequest(deps, input.requestId);
      return null;
    }
    return toResponse(async () => {
      const input = parseOrThrow(ExecuteEventSchema, event, 'event');
      if ('request_id' in input) {
        const { item, executionArn } = await runRequest(deps, input.request_id);
        return { request: requestView(item), ...(executionArn ? { executionArn } : {}) };
      }
      if ('action_text' in input) {
        return submitRequest(deps, {
          requester: { userId: input.user_id },
          origin: { source: 'lambda' },
          query: input.action_text,
          environment: input.environment,
        });
      }
      throw new Error('unreachable: the state machine step is handled above');
    });
  };
}
