import { parseOrThrow } from '@agentcore/core';
import {
  type ApprovalRepository,
  type Clock,
  type Directory,
  decideApproval,
  decideRequest,
  type ExecutionStarter,
  expireRequest,
  failRequest,
  loadRequest,
  type Notifier,
  type Planner,
  type PolicyPort,
  planRequest,
  requestApproval,
  requestView,
  submitRequest,
  type TaskTokens,
  type ToolPinner,
  toResponse,
} from '@agentcore/workflow';
import type { z } from 'zod';
import { ApprovalEventSchema } from './events.js';

export interface ApprovalDeps {
  approvals: ApprovalRepository;
  executions: ExecutionStarter;
  tokens: TaskTokens;
  notifier: Notifier;
  pinner: ToolPinner;
  policy: PolicyPort;
  planner: Planner | undefined;
  directory: Directory;
  clock: Clock;
  /** Shown when a natural-language request arrives and no model is configured. */
  noModelMessage: string;
  maxApprovalSeconds: number;
}

// Steps people call (through the CLI or API): they get answers, not exceptions, for bad input.
const CALLER_STEPS = new Set(['submit', 'decide_approval', 'status', 'list']);

/** The approval function: parse the event, run one use-case, shape the answer. */
export function createHandler(deps: ApprovalDeps) {
  return async (event: unknown): Promise<unknown> => {
    let input: z.output<typeof ApprovalEventSchema>;
    try {
      input = parseOrThrow(ApprovalEventSchema, event, 'event');
    } catch (error) {
      const step = (event as { step?: unknown } | null)?.step;
      if (typeof step === 'string' && CALLER_STEPS.has(step))
        return toResponse(() => Promise.reject(error));
      throw error;
    }
    switch (input.step) {
      case 'submit':
        return toResponse(() =>
          submitRequest(
            { ...deps, noModelMessage: deps.planner ? undefined : deps.noModelMessage },
            input.request,
          ),
        );
      case 'decide_approval':
        return toResponse(async () => ({
          request: requestView(await decideApproval(deps, input.decision)),
        }));
      case 'status':
        return toResponse(async () => ({
          request: requestView(await loadRequest(deps.approvals, input.requestId)),
        }));
      case 'list':
        return toResponse(async () => {
          const page = await deps.approvals.listByStatus(input.status, {
            limit: input.limit,
            cursor: input.cursor,
          });
          return { requests: page.items.map(requestView), nextCursor: page.nextCursor };
        });
      // The state machine's steps throw on failure: its Retry and Catch decide what happens next.
      case 'plan':
        await planRequest(deps, input.requestId);
        return null;
      case 'decide':
        return decideRequest(deps, input.requestId);
      case 'request_approval':
        await requestApproval(deps, input);
        return null;
      case 'expire':
        await expireRequest(deps.approvals, input.requestId);
        return null;
      case 'fail':
        await failRequest(deps.approvals, input.requestId, input.error);
        return null;
    }
  };
}
