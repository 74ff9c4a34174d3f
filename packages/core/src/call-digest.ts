import { createHash } from 'node:crypto';
import type { ToolCall } from './action.js';
import type { ApprovalItem } from './approval.js';
import { canonicalJson } from './canonical-json.js';

/** What an approval binds: the exact calls, the tool definitions they run on, the policy set. */
export interface ApprovedCalls {
  calls: readonly ToolCall[];
  toolPins: Readonly<Record<string, string>>;
  /** The stored policy set's version that judged the calls (absent: not known). */
  policyVersion: number | undefined;
  /** Which step of the request (1 when absent): an approval of one step never fits another. */
  step?: number;
}

/**
 * The digest an approval stores and the executor recomputes before it runs anything: equal
 * only when the very calls (tool, arguments, description), pins and policy version are equal.
 */
export function approvedCallsDigest(approved: ApprovedCalls): string {
  const canonical = canonicalJson({
    calls: approved.calls,
    toolPins: approved.toolPins,
    policyVersion: approved.policyVersion ?? null,
    // Absent in the first step, so digests recorded before steps existed still match.
    ...(approved.step !== undefined && approved.step > 1 ? { step: approved.step } : {}),
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The digest of one call's arguments, as the audit records it (never the arguments). */
export function argumentsDigest(args: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(args), 'utf8').digest('hex');
}

/** A call in plain words: the planner's description, or the tool and its arguments. */
export function describeCall(call: ToolCall): string {
  if (call.description) return call.description;
  const separator = call.tool.indexOf('__');
  const tool =
    separator > 0
      ? `${call.tool.slice(0, separator)}/${call.tool.slice(separator + 2)}`
      : call.tool;
  const args = Object.entries(call.arguments).map(
    ([name, value]) => `${name}=${JSON.stringify(value)}`,
  );
  return args.length > 0 ? `Run ${tool} with ${args.join(', ')}` : `Run ${tool}`;
}

/** The digest of what a stored request would run now: its calls, pins and policy version. */
export function approvedDigestOf(
  item: Pick<ApprovalItem, 'action' | 'toolPins' | 'policy'> & { step?: number },
): string {
  return approvedCallsDigest({
    calls: item.action.toolCalls ?? [],
    toolPins: item.toolPins,
    policyVersion: item.policy?.policyVersion,
    step: item.step,
  });
}
