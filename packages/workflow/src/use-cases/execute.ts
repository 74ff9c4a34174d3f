import {
  type ApprovalItem,
  type ExecutionResult,
  LIMITS,
  type PolicyDecision,
  PolicyDecisionSchema,
  parseOrThrow,
  type ToolCallOutcome,
} from '@agentcore/core';
import type { z } from 'zod';
import { WrongStatusError } from '../errors.js';
import type {
  AgentRunner,
  ApprovalRepository,
  Clock,
  ToolSession,
  ToolSessions,
} from '../ports.js';
import { expireIfLapsed } from './expiry.js';
import { loadForStep, StepTargetSchema } from './load.js';

export interface ExecuteDeps {
  approvals: ApprovalRepository;
  sessions: ToolSessions;
  /** Absent when no model is configured; direct-mode requests do not need it. */
  agent: AgentRunner | undefined;
  clock: Clock;
}

export const ExecuteInputSchema = StepTargetSchema.extend({
  /** The policy step's verdict; stored here when policy allowed the request outright. */
  policy: PolicyDecisionSchema.optional(),
});

function mayStart(item: ApprovalItem, policy: PolicyDecision | undefined): boolean {
  return item.status === 'approved' || (item.status === 'received' && policy?.outcome === 'allow');
}

function errorOf(error: unknown): { code: string; message: string } {
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'execution_error';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: message.slice(0, LIMITS.comment) };
}

/** The session an agent is given: every call it makes is recorded as it returns. */
function recording(session: ToolSession, calls: ToolCallOutcome[]): ToolSession {
  return {
    listTools: () => session.listTools(),
    call: async (call, signal) => {
      const outcome = await session.call(call, signal);
      calls.push(outcome);
      return outcome;
    },
    callTool: async (name, args, signal) => {
      const result = await session.callTool(name, args, signal);
      calls.push({
        tool: name,
        arguments: args,
        ok: !result.isError,
        ...(result.isError
          ? { error: result.text.slice(0, LIMITS.comment) }
          : { output: result.text.slice(0, LIMITS.output) }),
      });
      return result;
    },
    close: () => session.close(),
  };
}

/**
 * Runs an approved (or policy-allowed) request with exactly its allowed tools, and returns what
 * it recorded (nothing when it ran nothing). A request found
 * `executing` was interrupted mid-run: it is failed, never run a second time, because its tools
 * may already have acted.
 */
export async function executeRequest(
  deps: ExecuteDeps,
  input: z.input<typeof ExecuteInputSchema>,
  signal?: AbortSignal,
): Promise<ExecutionResult | undefined> {
  const step = parseOrThrow(ExecuteInputSchema, input, 'execute step');
  const item = await loadForStep(deps.approvals, step);
  const { requestId } = item;
  const policy = item.policy ?? step.policy;
  if (item.status === 'executing') {
    await deps.approvals.transition(
      requestId,
      {
        from: 'executing',
        to: 'failed',
        actor: 'execute',
        changes: {
          statusReason:
            'execution was interrupted; it is not re-run, since its tools may have acted',
        },
      },
      item,
    );
    return undefined;
  }
  if (!mayStart(item, policy)) {
    if (['completed', 'failed', 'cancelled'].includes(item.status)) return undefined;
    throw new WrongStatusError(`request ${requestId} is ${item.status}; it cannot be executed`);
  }
  // Approved in time is not enough: an approval that lapsed before execution began runs nothing.
  if (await expireIfLapsed(deps, item)) return undefined;
  // Allowed outright: the policy verdict and the tools it allows are stored with this move.
  const allowed = item.status === 'received' ? { policy, allowedTools: item.intendedTools } : {};
  await deps.approvals.transition(
    requestId,
    {
      from: item.status,
      to: 'executing',
      actor: 'execute',
      changes: allowed,
    },
    item,
  );
  const allowedTools = item.status === 'received' ? item.intendedTools : item.allowedTools;
  const startedAt = deps.clock().toISOString();
  const toolCalls: ToolCallOutcome[] = [];
  let output = '';
  let error: { code: string; message: string } | undefined;
  try {
    const session = await deps.sessions.open({
      requestId,
      requester: item.requester,
      allowedTools,
      // Pins exist only where people approved: tools must still be what they saw.
      pins: item.decision ? item.toolPins : undefined,
    });
    try {
      if (item.action.toolCalls) {
        for (const call of item.action.toolCalls) {
          const outcome = await session.call(call, signal);
          toolCalls.push(outcome);
          if (!outcome.ok) {
            error = { code: 'tool_error', message: outcome.error ?? `${call.tool} failed` };
            break;
          }
        }
        output = toolCalls.map((call) => call.output ?? call.error ?? '').join('\n\n');
      } else if (deps.agent) {
        const run = await deps.agent.run({ item, session: recording(session, toolCalls) }, signal);
        output = run.output;
      } else {
        error = { code: 'no_model', message: 'no model is configured to carry out this request' };
      }
    } finally {
      await session.close();
    }
  } catch (caught) {
    error = errorOf(caught);
  }
  const result: ExecutionResult = {
    outcome: error ? 'failed' : 'completed',
    output: (output || error?.message || '').slice(0, LIMITS.output),
    toolCalls,
    error,
    startedAt,
    finishedAt: deps.clock().toISOString(),
  };
  await deps.approvals.transition(
    requestId,
    {
      from: 'executing',
      to: result.outcome,
      actor: 'execute',
      changes: { result, ...(error ? { statusReason: error.message } : {}) },
    },
    item,
  );
  return result;
}
