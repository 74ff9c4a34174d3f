import { observeInvocation, type Telemetry } from '@agentcore/adapters';
import { LIMITS, parseOrThrow, RequestIdSchema } from '@agentcore/core';
import {
  type CallerResponse,
  redriveRequest,
  requestView,
  type SubmitDeps,
  submitRequest,
  toResponse,
} from '@agentcore/workflow';
import * as z from 'zod';

/** The seed's two direct-invoke formats: re-drive a request, or submit a new one. */
export const DirectInvokeEventSchema = z.union([
  z.object({ request_id: RequestIdSchema }).strict(),
  z
    .object({
      action_text: z.string().trim().min(1).max(LIMITS.query),
      user_id: z.string().trim().min(1).max(256).default('lambda-invoke'),
      // The seed's field, still accepted so its callers keep working; the deployment's
      // environment (ENVIRONMENT) is the one recorded and judged.
      environment: z.string().trim().min(1).max(32).optional(),
    })
    .strict(),
]);

export type DirectInvokeDeps = SubmitDeps & { telemetry: Telemetry };

/**
 * The operators' function (IAM decides who may invoke it). A `request_id` is handed to its
 * workflow, which runs it once allowed or approved; an `action_text` is submitted as a new
 * request and goes through policy like any other. It can decide nothing.
 */
export function createHandler(deps: DirectInvokeDeps) {
  return (event: unknown): Promise<CallerResponse<object>> =>
    observeInvocation(deps.telemetry, event, () =>
      toResponse(async () => {
        const input = parseOrThrow(DirectInvokeEventSchema, event, 'direct invoke');
        if ('request_id' in input) {
          const { item, executionArn } = await redriveRequest(deps, input.request_id);
          return { request: requestView(item), ...(executionArn ? { executionArn } : {}) };
        }
        return submitRequest(deps, {
          requester: { userId: input.user_id },
          origin: { source: 'lambda' },
          query: input.action_text,
        });
      }),
    );
}
