import type { ApprovalItem } from '@agentcore/core';
import type { AuditEntry } from '@agentcore/workflow';

/** One event of a request's stream, as an SSE client receives it. */
export interface RequestEvent {
  type:
    | 'received'
    | 'planned'
    | 'next_step'
    | 'policy_decision'
    | 'approval_requested'
    | 'decided'
    | 'status'
    | 'tool_call'
    | 'tool_result'
    | 'tool_refused'
    | 'final'
    | 'error';
  data: Record<string, unknown>;
}

/** What one audit entry of a request means to someone following it. */
export function eventsOfAuditEntry(entry: AuditEntry): RequestEvent[] {
  const at = entry.at;
  switch (entry.type) {
    case 'request.created':
      return [{ type: 'received', data: { at, requester: entry.actor } }];
    case 'request.amended': {
      const fields = Array.isArray(entry.data.fields) ? entry.data.fields : [];
      return fields.includes('action') ? [{ type: 'planned', data: { at } }] : [];
    }
    case 'request.status_changed': {
      const { from, to, reason, policy, policyIds } = entry.data;
      const events: RequestEvent[] = [];
      if (policy !== undefined) {
        events.push({ type: 'policy_decision', data: { at, outcome: policy, policyIds, reason } });
      }
      if (to === 'pending') events.push({ type: 'approval_requested', data: { at, reason } });
      events.push({ type: 'status', data: { at, from, to, reason, by: entry.actor } });
      return events;
    }
    case 'request.step_started':
      return [
        {
          type: 'next_step',
          data: {
            at,
            step: entry.data.step,
            finishedStep: entry.data.finishedStep,
            intent: entry.data.nextStep,
          },
        },
      ];
    case 'request.vote_recorded':
    case 'request.decided':
      return [
        {
          type: 'decided',
          data: {
            at,
            approver: entry.actor,
            verdict: entry.data.verdict,
            votes: entry.data.votes,
            quorum: entry.data.quorum,
            settled: entry.type === 'request.decided',
          },
        },
      ];
    default:
      // The MCP layer's refusals (a tool outside the approval, a changed definition).
      return entry.type.startsWith('mcp.')
        ? [{ type: 'tool_refused', data: { at, event: entry.type, ...entry.data } }]
        : [];
  }
}

/** The closing events of a request that has ended: each tool call and result, then the outcome. */
export function closingEvents(item: ApprovalItem): RequestEvent[] {
  const events: RequestEvent[] = [];
  const ran = [...item.earlierSteps.map((step) => step.result), item.result];
  for (const call of ran.flatMap((result) => result?.toolCalls ?? [])) {
    events.push({ type: 'tool_call', data: { tool: call.tool, arguments: call.arguments } });
    events.push({
      type: 'tool_result',
      data: {
        tool: call.tool,
        ok: call.ok,
        ...(call.output !== undefined ? { output: call.output } : {}),
        ...(call.error !== undefined ? { error: call.error } : {}),
      },
    });
  }
  if (item.status === 'failed') {
    events.push({
      type: 'error',
      data: { message: item.result?.error?.message ?? item.statusReason ?? 'the request failed' },
    });
  }
  events.push({
    type: 'final',
    data: {
      requestId: item.requestId,
      status: item.status,
      ...(item.result ? { output: item.result.output } : {}),
      ...(item.statusReason ? { reason: item.statusReason } : {}),
    },
  });
  return events;
}
