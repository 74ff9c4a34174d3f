import {
  type ApprovalItem,
  canonicalJson,
  describeCall,
  LIMITS,
  type PolicyDecision,
  parseOrThrow,
  RequestIdSchema,
  type ToolCall,
  ToolCallSchema,
  ValidationError,
} from '@agentcore/core';
import * as z from 'zod';
import { WrongStatusError } from '../errors.js';
import type {
  ApprovalRepository,
  Clock,
  Directory,
  PolicyPort,
  TaskTokens,
  ToolPinner,
} from '../ports.js';
import { expiredMessage, isOpen } from './expiry.js';
import { loadRequest } from './load.js';
import { assertMayDecide } from './record-decision.js';

export interface AmendCallsDeps {
  approvals: ApprovalRepository;
  directory: Directory;
  clock: Clock;
  policy: PolicyPort;
  pinner: ToolPinner;
  tokens: TaskTokens;
}

/** New arguments for one proposed call, by its position in the request's calls. */
export const CallEditSchema = z.object({
  call: z
    .number()
    .int()
    .min(0)
    .max(LIMITS.tools - 1),
  arguments: ToolCallSchema.shape.arguments,
});
export type CallEdit = z.infer<typeof CallEditSchema>;

export const AmendCallsInputSchema = z.object({
  requestId: RequestIdSchema,
  editor: z.string().trim().min(1).max(256),
  edits: z.array(CallEditSchema).min(1).max(LIMITS.tools),
  comment: z.string().trim().max(LIMITS.comment).optional(),
});
export type AmendCallsInput = z.input<typeof AmendCallsInputSchema>;

/** One edited call as the audit and the timeline show it: before, after. */
export interface CallChange {
  call: number;
  tool: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The request's calls with the edits applied: only arguments change (same tools, same order),
 * and an edited call loses its plain-words description, which described the old arguments.
 */
export function applyCallEdits(
  item: ApprovalItem,
  edits: readonly CallEdit[],
): { calls: ToolCall[]; changes: CallChange[] } {
  const calls = item.action.toolCalls;
  if (!calls || calls.length === 0) {
    throw new ValidationError('call edit', [
      {
        path: 'edits',
        message: `request ${item.requestId} has no exact calls (it was asked in words); only exact calls can be edited`,
      },
    ]);
  }
  const seen = new Set<number>();
  edits.forEach((edit, index) => {
    const problem =
      edit.call >= calls.length
        ? `there is no call ${edit.call}; the request has calls 0 to ${calls.length - 1}`
        : seen.has(edit.call)
          ? `call ${edit.call} is edited twice`
          : undefined;
    if (problem)
      throw new ValidationError('call edit', [{ path: `edits.${index}.call`, message: problem }]);
    seen.add(edit.call);
  });
  const changes: CallChange[] = [];
  const amended = calls.map((call, index) => {
    const edit = edits.find((each) => each.call === index);
    if (!edit || canonicalJson(edit.arguments) === canonicalJson(call.arguments)) return call;
    changes.push({ call: index, tool: call.tool, before: call.arguments, after: edit.arguments });
    const { description: _stale, ...rest } = call;
    return { ...rest, arguments: edit.arguments };
  });
  return { calls: amended, changes };
}

/** A compact "what changed" line, for a status reason (the audit event keeps the whole edit). */
function changeSummary(editor: string, changes: readonly CallChange[]): string {
  const calls = changes.map(
    (change) =>
      `call ${change.call} ${change.tool} ${canonicalJson(change.before)} -> ${canonicalJson(change.after)}`,
  );
  return `edited by ${editor}: ${calls.join('; ')}`;
}

/**
 * What the request waits on after the edit. Policy may now deny (the request ends), or ask for
 * other approvers; if it would allow the edited calls outright, they still wait for the approvers
 * already asked, since an approver, not the requester, wrote them.
 */
function verdictAfterEdit(item: ApprovalItem, fresh: PolicyDecision): PolicyDecision {
  if (fresh.outcome !== 'allow') return fresh;
  return {
    ...fresh,
    outcome: 'require_approval',
    reason:
      `policy allows the edited calls (${fresh.reason}); edited by an approver, they still wait for approval`.slice(
        0,
        LIMITS.summary,
      ),
    ...(item.policy?.approval ? { approval: item.policy.approval } : {}),
  };
}

/**
 * An approver amends the arguments of a pending request's proposed calls. Only someone who may
 * decide it may edit it, and only before it expires. The edited calls go through policy again
 * and are pinned again; the votes cast so far no longer count. The request keeps waiting on the
 * same task token (the edit is a conditional write under `pending`), so the workflow, once the
 * request is decided, runs the calls as stored then; a denial ends the request and answers the
 * waiting workflow at once. The approval window is not reopened: `expiresAt` stays.
 */
export async function amendProposedCalls(
  deps: AmendCallsDeps,
  input: AmendCallsInput,
): Promise<ApprovalItem> {
  const edit = parseOrThrow(AmendCallsInputSchema, input, 'call edit');
  const item = await loadRequest(deps.approvals, edit.requestId);
  if (item.status === 'received') {
    throw new WrongStatusError(
      `request ${item.requestId} is not waiting for approval yet; try again shortly`,
    );
  }
  if (item.status === 'expired' || (item.status === 'pending' && !isOpen(item, deps.clock()))) {
    throw new WrongStatusError(expiredMessage(item, 'edited'));
  }
  if (item.status !== 'pending') {
    throw new WrongStatusError(
      `request ${item.requestId} is ${item.status}; only a request waiting for approval can be edited`,
    );
  }
  await assertMayDecide(deps, item, edit.editor, 'approved');
  const { calls, changes } = applyCallEdits(item, edit.edits);
  // The same edit again (a retry) changes nothing, and resets nothing.
  if (changes.length === 0) return item;
  // The planner's summary and resource described the calls before the edit: what approvers
  // read now is said from the calls as they stand.
  const { resource: _stale, ...words } = item.action;
  const action = {
    ...words,
    summary: `Edited by ${edit.editor}: ${calls.map(describeCall).join('; ')}`.slice(
      0,
      LIMITS.summary,
    ),
    toolCalls: calls,
  };
  const policy = verdictAfterEdit(item, await deps.policy.decide(action));
  if (!isOpen(item, deps.clock())) throw new WrongStatusError(expiredMessage(item, 'edited'));
  const summary = changeSummary(edit.editor, changes);
  if (policy.outcome === 'deny') {
    // One write: no vote can slip in between storing the denied calls and ending the request.
    await deps.approvals.transition(
      item.requestId,
      {
        from: 'pending',
        to: 'denied',
        actor: edit.editor,
        changes: {
          action,
          policy,
          statusReason: `${summary}; policy denies the edited calls: ${policy.reason}`.slice(
            0,
            LIMITS.comment,
          ),
        },
      },
      item,
    );
    await answerWaitingWorkflow(deps.tokens, item, 'denied');
  } else {
    await deps.approvals.amend(
      item.requestId,
      {
        status: 'pending',
        actor: edit.editor,
        changes: {
          action,
          policy,
          votes: [],
          allowedTools: item.intendedTools,
          toolPins: await deps.pinner.pin(item.intendedTools),
        },
        details: {
          edit: 'calls',
          changes,
          votesCleared: item.votes.length,
          policy: policy.outcome,
          policyIds: policy.policyIds,
          ...(edit.comment ? { comment: edit.comment } : {}),
        },
      },
      item,
    );
  }
  return loadRequest(deps.approvals, item.requestId);
}

/**
 * Tells the workflow waiting on the request that it ended. Best effort: if it does not hear,
 * its wait times out, and the request, already ended, stays as it is.
 */
async function answerWaitingWorkflow(tokens: TaskTokens, item: ApprovalItem, verdict: string) {
  if (!item.taskToken) return;
  await tokens.succeed(item.taskToken, { verdict }).catch(() => undefined);
}
