import {
  type ApprovalItem,
  approvedDigestOf,
  type ExecutionResult,
  LIMITS,
  MAX_STEPS,
  type PolicyDecision,
  PolicyDecisionSchema,
  parseOrThrow,
  type ToolCallOutcome,
} from '@agentcore/core';
import type { z } from 'zod';
import { WrongStatusError } from '../errors.js';
import type {
  ApprovalEvidence,
  ApprovalRepository,
  Clock,
  ExecutionAudit,
  ToolSessions,
} from '../ports.js';
import { interruptedResult, runWithEvidence } from './call-evidence.js';
import { expireIfLapsed } from './expiry.js';
import { loadForStep, StepTargetSchema } from './load.js';
import { boundResult, EARLIER_STEP_BUDGET_BYTES } from './result-size.js';
import { type SensitiveOutputDeps, sealSensitiveOutputs } from './sensitive-outputs.js';

export interface ExecuteDeps {
  approvals: ApprovalRepository;
  sessions: ToolSessions;
  /** Where each tool call is recorded before and after it runs (the request's audit stream). */
  audit: ExecutionAudit;
  /** What the keyed audit chain recorded as approved, checked before anything approved runs. */
  evidence: ApprovalEvidence;
  clock: Clock;
  /** Where secrets returned by tools are sealed for the requester (withheld when absent). */
  sensitiveOutputs?: SensitiveOutputDeps;
}

export const ExecuteInputSchema = StepTargetSchema.extend({
  /** The policy step's verdict; stored here when policy allowed the request outright. */
  policy: PolicyDecisionSchema.optional(),
});

type Failure = { code: string; message: string };

/** What a run reports: its result, and the next step's number when the request goes on. */
export type ExecutionReport = ExecutionResult & { nextStep?: number };

/** The planner said what comes next, and steps remain: the run returns to planning. */
function goesOn(item: ApprovalItem, result: ExecutionResult): boolean {
  return result.outcome === 'completed' && !!item.action.nextStep && item.step < MAX_STEPS;
}

/**
 * Ends this step and receives the request again for the next: what ran is kept (outputs capped
 * for the record; the calls' own audit events hold their digests), and the next calls will be
 * planned with it, then judged by policy and approvers as a step of their own.
 */
async function startNextStep(
  deps: ExecuteDeps,
  item: ApprovalItem,
  policy: PolicyDecision | undefined,
  result: ExecutionResult,
): Promise<ExecutionReport> {
  const { toolCalls: _ran, ...words } = item.action;
  await deps.approvals.startNextStep(item.requestId, {
    actor: 'execute',
    finished: {
      step: item.step,
      summary: item.action.summary,
      ...(policy ? { policy } : {}),
      ...(item.decision ? { decision: item.decision } : {}),
      ...(item.approvedDigest ? { approvedDigest: item.approvedDigest } : {}),
      result: boundResult(result, EARLIER_STEP_BUDGET_BYTES),
    },
    action: words,
  });
  return { ...result, nextStep: item.step + 1 };
}

/** A step already handed on (this run was retried after it): the report it gave, again. */
function handedOn(item: ApprovalItem): ExecutionReport | undefined {
  const finished = item.earlierSteps.at(-1);
  if (item.status !== 'received' || item.action.toolCalls || !finished) return undefined;
  return { ...finished.result, nextStep: item.step };
}

function mayStart(item: ApprovalItem, policy: PolicyDecision | undefined): boolean {
  return item.status === 'approved' || (item.status === 'received' && policy?.outcome === 'allow');
}

function errorOf(error: unknown): Failure {
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'execution_error';
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: message.slice(0, LIMITS.comment) };
}

/**
 * Why the stored request may not run as it stands, if it may not: it has no exact calls, or
 * (approved by people) what it would run now is not what they approved, or a call needs a tool
 * the approval did not allow.
 */
function refusalOf(item: ApprovalItem, allowedTools: readonly string[]): Failure | undefined {
  const calls = item.action.toolCalls ?? [];
  if (calls.length === 0) {
    return { code: 'no_exact_calls', message: 'the request has no exact tool calls to run' };
  }
  if (item.status === 'approved' && item.approvedDigest !== approvedDigestOf(item)) {
    return {
      code: 'approval_mismatch',
      message:
        'the calls, tool pins or policy version differ from what was approved; nothing was run',
    };
  }
  const outside = calls.find((call) => !allowedTools.includes(call.tool));
  if (outside) {
    return {
      code: 'tool_not_allowed',
      message: `${outside.tool} is not among the tools the approval allows; nothing was run`,
    };
  }
  return undefined;
}

/**
 * Why the audit chain does not vouch for what is about to run, if it does not: the chain of the
 * request does not verify, or the digest its settling decision recorded is not this one.
 */
async function chainRefusalOf(
  evidence: ApprovalEvidence,
  item: ApprovalItem,
): Promise<Failure | undefined> {
  if (item.status !== 'approved') return undefined;
  const recorded = await evidence.approvedDigest(item.requestId);
  if (!recorded.verified) {
    return {
      code: 'audit_chain_broken',
      message: `the request's audit chain does not verify (${recorded.reason}); nothing was run`,
    };
  }
  if (recorded.digest !== approvedDigestOf(item)) {
    return {
      code: 'approval_mismatch',
      message:
        'the calls, tool pins or policy version differ from what the audit records as approved; nothing was run',
    };
  }
  return undefined;
}

/** Ends the request as failed with `result` (when it has one) and why. */
async function fail(
  deps: ExecuteDeps,
  item: ApprovalItem,
  from: ApprovalItem['status'],
  reason: string,
  result?: ExecutionResult,
): Promise<void> {
  await deps.approvals.transition(
    item.requestId,
    {
      from,
      to: 'failed',
      actor: 'execute',
      changes: { statusReason: reason, ...(result ? { result } : {}) },
    },
    item,
  );
}

/** Runs the exact calls in order, each recorded as it goes; stops at the first failure. */
async function runCalls(
  deps: ExecuteDeps,
  item: ApprovalItem,
  allowedTools: string[],
  toolCalls: ToolCallOutcome[],
  signal: AbortSignal | undefined,
): Promise<Failure | undefined> {
  const opened = await deps.sessions.open({
    requestId: item.requestId,
    requester: item.requester,
    allowedTools,
    // Pins exist only where people approved: tools must still be what they saw.
    pins: item.decision ? item.toolPins : undefined,
  });
  const session = sealSensitiveOutputs(opened, deps.sensitiveOutputs ?? {}, {
    requestId: item.requestId,
    recipient: item.requester.userId,
  });
  try {
    for (const [index, call] of (item.action.toolCalls ?? []).entries()) {
      const outcome = await runWithEvidence(deps, item, session, call, index, signal).catch(
        (error: unknown) => {
          // Refused by the session, or broken off: the stored result still names the call.
          toolCalls.push({ ...call, ok: false, error: errorOf(error).message });
          throw error;
        },
      );
      toolCalls.push(outcome);
      if (!outcome.ok) {
        return { code: 'tool_error', message: outcome.error ?? `${call.tool} failed` };
      }
    }
    return undefined;
  } finally {
    await session.close();
  }
}

/**
 * Runs an approved (or policy-allowed) request: exactly its stored calls, and only when they are
 * what was approved (the approval's digest). Each call is audited as it runs. A request found
 * `executing` was interrupted mid-run: it is failed with the calls its audit shows, never run a
 * second time, because its tools may already have acted.
 */
export async function executeRequest(
  deps: ExecuteDeps,
  input: z.input<typeof ExecuteInputSchema>,
  signal?: AbortSignal,
): Promise<ExecutionReport | undefined> {
  const step = parseOrThrow(ExecuteInputSchema, input, 'execute step');
  const item = await loadForStep(deps.approvals, step);
  const handed = handedOn(item);
  if (handed) return handed;
  const policy = item.policy ?? step.policy;
  if (item.status === 'executing') {
    const reason = 'execution was interrupted; it is not re-run, since its tools may have acted';
    const result = await interruptedResult(deps.audit, item, reason, deps.clock());
    await fail(deps, item, 'executing', reason, result);
    return result;
  }
  if (!mayStart(item, policy)) {
    if (['completed', 'failed', 'cancelled'].includes(item.status)) return undefined;
    throw new WrongStatusError(
      `request ${item.requestId} is ${item.status}; it cannot be executed`,
    );
  }
  // Approved in time is not enough: an approval that lapsed before execution began runs nothing.
  if (await expireIfLapsed(deps, item)) return undefined;
  const allowedTools = item.status === 'received' ? item.intendedTools : item.allowedTools;
  const refused = refusalOf(item, allowedTools) ?? (await chainRefusalOf(deps.evidence, item));
  if (refused) {
    const at = deps.clock().toISOString();
    const result: ExecutionResult = {
      outcome: 'failed',
      output: refused.message,
      toolCalls: [],
      error: refused,
      startedAt: at,
      finishedAt: at,
    };
    // The evidence of the refusal: which digest was approved, and what would have run.
    await deps.audit.append({
      streamId: item.requestId,
      type: 'execution.refused',
      actor: 'execute',
      data: {
        code: refused.code,
        approvedDigest: item.approvedDigest ?? null,
        runDigest: approvedDigestOf(item),
      },
    });
    await fail(deps, item, item.status, refused.message, result);
    return result;
  }
  // Allowed outright: the policy verdict and the tools it allows are stored with this move.
  const allowed = item.status === 'received' ? { policy, allowedTools } : {};
  await deps.approvals.transition(
    item.requestId,
    { from: item.status, to: 'executing', actor: 'execute', changes: allowed },
    item,
  );
  const startedAt = deps.clock().toISOString();
  const toolCalls: ToolCallOutcome[] = [];
  let error: Failure | undefined;
  try {
    error = await runCalls(deps, item, allowedTools, toolCalls, signal);
  } catch (caught) {
    error = errorOf(caught);
  }
  const output = toolCalls.map((call) => call.output ?? call.error ?? '').join('\n\n');
  const result = boundResult({
    outcome: error ? 'failed' : 'completed',
    output: output || error?.message || '',
    toolCalls,
    error,
    startedAt,
    finishedAt: deps.clock().toISOString(),
  });
  if (goesOn(item, result)) return startNextStep(deps, item, policy, result);
  await deps.approvals.transition(
    item.requestId,
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
