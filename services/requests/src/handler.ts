import { observeInvocation, type Telemetry } from '@agentcore/adapters';
import { parseOrThrow } from '@agentcore/core';
import {
  type AuditTrail,
  type CallerResponse,
  listRequests,
  type RecordDecisionDeps,
  RequestApiEventSchema,
  readRequest,
  readTimeline,
  recordApproverDecision,
  requestView,
  type SubmitDeps,
  submitRequest,
  toResponse,
} from '@agentcore/workflow';

export type RequestsDeps = SubmitDeps &
  RecordDecisionDeps & { audit: AuditTrail; telemetry: Telemetry };

/**
 * The request API function: every answer is a CallerResponse (bad input, not allowed, not found
 * are answers); only infrastructure failures are thrown, for the caller to retry.
 */
export function createHandler(deps: RequestsDeps) {
  return (event: unknown): Promise<CallerResponse<object>> =>
    observeInvocation(deps.telemetry, event, () =>
      toResponse(async () => {
        const input = parseOrThrow(RequestApiEventSchema, event, 'request');
        switch (input.operation) {
          case 'submit':
            return submitRequest(deps, input.request);
          case 'record_decision':
            return { request: requestView(await recordApproverDecision(deps, input.decision)) };
          case 'get_request':
            return { request: await readRequest(deps.approvals, input.requestId) };
          case 'get_timeline':
            return readTimeline(deps, input.requestId);
          case 'list_requests':
            return listRequests(deps.approvals, input);
        }
      }),
    );
}
