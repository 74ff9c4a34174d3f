import type { ApprovalItem, ToolCall } from '@agentcore/core';
import type { Clock, ExecutionAudit, PlanLookup, PolicyPort, ToolSessions } from '../ports.js';
import { runWithEvidence } from './call-evidence.js';
import { returnsSecret } from './sensitive-outputs.js';

/** What the planner's look-ups need: policy to allow each call, tools to run it, the audit. */
export interface PlanLookupDeps {
  policy: PolicyPort;
  sessions: ToolSessions;
  audit: ExecutionAudit;
  clock: Clock;
  /** Most look-ups one plan may make. */
  maxLookups?: number;
}

const DEFAULT_MAX_LOOKUPS = 5;

/**
 * The look-ups a planner may make for `item` while it resolves arguments: one call at a time,
 * run only when policy allows that very call without approval (read-only look-ups), and
 * recorded in the request's audit like every other call; never a tool whose result is a secret.
 * Anything else comes back as a refusal
 * the model reads, never as a run.
 */
export function planLookup(deps: PlanLookupDeps, item: ApprovalItem): PlanLookup {
  const max = deps.maxLookups ?? DEFAULT_MAX_LOOKUPS;
  let made = 0;
  return async (call: ToolCall, signal?: AbortSignal) => {
    if (made >= max) {
      return { text: `Not run: at most ${max} look-ups per plan.`, isError: true };
    }
    const verdict = await deps.policy.decide({
      ...item.action,
      summary: `Look-up while planning: ${call.tool}`,
      intendedTools: [call.tool],
      toolCalls: [call],
    });
    if (verdict.outcome !== 'allow') {
      return {
        text: `Not run: ${call.tool} needs ${verdict.outcome === 'deny' ? 'a policy that allows it' : 'approval'} (${verdict.reason}). Propose it as an exact call instead.`,
        isError: true,
      };
    }
    made += 1;
    const session = await deps.sessions.open({
      requestId: item.requestId,
      requester: item.requester,
      allowedTools: [call.tool],
      pins: undefined,
    });
    try {
      // A secret must never reach a model, whatever policy allows the requester.
      if (await returnsSecret(session, call.tool)) {
        return {
          text: `Not run: ${call.tool} returns a secret, which only its requester may read. Propose it as an exact call instead.`,
          isError: true,
        };
      }
      const outcome = await runWithEvidence(deps, item, session, call, made, signal, 'lookup');
      return outcome.ok
        ? { text: outcome.output ?? '', isError: false }
        : { text: outcome.error ?? `${call.tool} failed`, isError: true };
    } finally {
      await session.close();
    }
  };
}
