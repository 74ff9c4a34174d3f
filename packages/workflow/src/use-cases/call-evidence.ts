import {
  type ApprovalItem,
  argumentsDigest,
  type ExecutionResult,
  LIMITS,
  type ToolCall,
  type ToolCallOutcome,
} from '@agentcore/core';
import type { AuditEntry, Clock, ExecutionAudit, ToolSession } from '../ports.js';
import { boundResult } from './result-size.js';

export const CALL_STARTED = 'tool_call.started';
export const CALL_FINISHED = 'tool_call.finished';

/** Executed calls, and the look-ups a planner made (kept apart: they are not the approved run). */
const EVENTS = {
  execute: { started: CALL_STARTED, finished: CALL_FINISHED, actor: 'execute' },
  lookup: { started: 'lookup_call.started', finished: 'lookup_call.finished', actor: 'planner' },
} as const;

const encoder = new TextEncoder();

/**
 * Runs one call with an audit event before it (what is about to run) and after it (how it
 * ended, how long it took, how much it returned), so a run that dies in between still leaves
 * the call in the request's audit.
 */
export async function runWithEvidence(
  deps: { audit: ExecutionAudit; clock: Clock },
  item: ApprovalItem,
  session: ToolSession,
  call: ToolCall,
  index: number,
  signal?: AbortSignal,
  kind: keyof typeof EVENTS = 'execute',
): Promise<ToolCallOutcome> {
  const events = EVENTS[kind];
  const which = {
    step: item.step,
    index,
    tool: call.tool,
    argumentsDigest: argumentsDigest(call.arguments),
  };
  await deps.audit.append({
    streamId: item.requestId,
    type: events.started,
    actor: events.actor,
    data: which,
  });
  const started = deps.clock().getTime();
  let outcome: ToolCallOutcome;
  try {
    outcome = await session.call({ tool: call.tool, arguments: call.arguments }, signal);
  } catch (error) {
    await deps.audit.append({
      streamId: item.requestId,
      type: events.finished,
      actor: events.actor,
      data: {
        ...which,
        ok: false,
        durationMs: deps.clock().getTime() - started,
        outputBytes: 0,
        error: (error instanceof Error ? error.message : String(error)).slice(0, LIMITS.comment),
      },
    });
    throw error;
  }
  await deps.audit.append({
    streamId: item.requestId,
    type: events.finished,
    actor: events.actor,
    data: {
      ...which,
      ok: outcome.ok,
      durationMs: deps.clock().getTime() - started,
      outputBytes: encoder.encode(outcome.output ?? '').length,
      ...(outcome.error ? { error: outcome.error.slice(0, LIMITS.comment) } : {}),
    },
  });
  return outcome;
}

/**
 * The calls an interrupted run made, as its audit shows them: each started call, with how it
 * ended when that was recorded. A call with no recorded end may have acted; it is never run
 * again, so it is reported as unknown.
 */
export async function callsFromAudit(
  audit: ExecutionAudit,
  item: ApprovalItem,
): Promise<ToolCallOutcome[]> {
  // Only this step's calls: those of the steps before ended and are kept with those steps.
  const events = (await audit.list(item.requestId)).filter(
    (event) => (event.data.step ?? 1) === item.step,
  );
  const finished = new Map<number, AuditEntry>();
  for (const event of events) {
    if (event.type === CALL_FINISHED) finished.set(Number(event.data.index), event);
  }
  const calls: ToolCallOutcome[] = [];
  for (const event of events) {
    if (event.type !== CALL_STARTED) continue;
    const index = Number(event.data.index);
    const tool = String(event.data.tool);
    const approved = item.action.toolCalls?.[index];
    const end = finished.get(index)?.data;
    const ok = end?.ok === true;
    const error = end
      ? typeof end.error === 'string'
        ? end.error
        : undefined
      : 'the run was interrupted before this call reported back; it may have acted';
    calls.push({
      tool,
      arguments: approved?.tool === tool ? approved.arguments : {},
      ok,
      ...(ok
        ? {
            output: `(output not kept: the run was interrupted; ${String(end?.outputBytes)} bytes)`,
          }
        : { error: error ?? `${tool} failed` }),
    });
  }
  return calls;
}

/** The failed result of a run that stopped mid-way: why, and the calls its audit shows. */
export async function interruptedResult(
  audit: ExecutionAudit,
  item: ApprovalItem,
  reason: string,
  now: Date,
): Promise<ExecutionResult> {
  const at = now.toISOString();
  return boundResult({
    outcome: 'failed',
    output: reason,
    toolCalls: await callsFromAudit(audit, item),
    error: { code: 'interrupted', message: reason },
    startedAt: at,
    finishedAt: at,
  });
}
