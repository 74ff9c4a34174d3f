import {
  LIMITS,
  newRequestId,
  OriginSchema,
  type ProposedAction,
  parseOrThrow,
  RequesterSchema,
  RetryableError,
  ToolCallSchema,
} from '@agentcore/core';
import * as z from 'zod';
import type { ApprovalRepository, Clock, ExecutionStarter } from '../ports.js';

/**
 * What is asked for, without who asks: what a front door accepts from a caller's body. Category,
 * resource, amount and environment are not among them: policy derives them on the server from
 * the tools, their arguments and the deployment, so a caller cannot choose the facts it is judged
 * on (a body naming them has them stripped).
 */
export const RequestedActionFields = {
  query: z.string().trim().min(1).max(LIMITS.query).optional(),
  /** Direct mode: the exact tool calls, no model involved. */
  toolCalls: z.array(ToolCallSchema).min(1).max(LIMITS.tools).optional(),
};

const queryOrCalls = {
  check: (request: { query?: string; toolCalls?: unknown[] }) =>
    request.query !== undefined || request.toolCalls !== undefined,
  params: { message: 'give a query, or the exact tool calls (direct mode)', path: ['query'] },
};

export const RequestedActionSchema = z
  .object(RequestedActionFields)
  .refine(queryOrCalls.check, queryOrCalls.params);

export const SubmitRequestSchema = z
  .object({ requester: RequesterSchema, origin: OriginSchema, ...RequestedActionFields })
  .refine(queryOrCalls.check, queryOrCalls.params);
export type SubmitRequest = z.input<typeof SubmitRequestSchema>;

export interface SubmitDeps {
  approvals: ApprovalRepository;
  executions: ExecutionStarter;
  clock: Clock;
  /** The deployment's environment (its configuration), recorded on the request; `dev` if unset. */
  environment?: string;
}

function displayTool(tool: string): string {
  const separator = tool.indexOf('__');
  return separator > 0 ? `${tool.slice(0, separator)}/${tool.slice(separator + 2)}` : tool;
}

/** Records a new request and starts its workflow. Nothing runs here: the workflow decides. */
export async function submitRequest(
  deps: SubmitDeps,
  input: SubmitRequest,
): Promise<{ requestId: string; executionArn: string }> {
  const request = parseOrThrow(SubmitRequestSchema, input, 'request');
  const tools = [...new Set(request.toolCalls?.map((call) => call.tool) ?? [])];
  const summary = request.toolCalls
    ? `Run ${request.toolCalls.map((call) => displayTool(call.tool)).join(', ')}`
    : (request.query as string);
  const action: ProposedAction = {
    requester: request.requester,
    origin: request.origin,
    query: request.query ?? summary,
    summary: summary.slice(0, LIMITS.summary),
    // Shown to people until planning or policy knows better; policy never reads these.
    category: 'other',
    environment: deps.environment ?? 'dev',
    intendedTools: tools,
    toolCalls: request.toolCalls,
  };
  const requestId = newRequestId(deps.clock().getTime());
  await deps.approvals.create(
    {
      requestId,
      requester: request.requester,
      action,
      intendedTools: tools,
      executionArn: deps.executions.executionArnOf(requestId),
    },
    request.requester.userId,
  );
  try {
    const { executionArn } = await deps.executions.start(requestId);
    return { requestId, executionArn };
  } catch (error) {
    await deps.approvals.transition(requestId, {
      from: 'received',
      to: 'failed',
      actor: 'submit',
      changes: { statusReason: 'the workflow could not be started' },
    });
    throw new RetryableError(
      `request ${requestId} was recorded but its workflow could not start; nothing ran`,
      {
        cause: error,
      },
    );
  }
}
