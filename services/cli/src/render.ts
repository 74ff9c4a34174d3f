import type { AuditEntry, RequestView } from '@agentcore/workflow';

function displayTool(tool: string): string {
  return tool.replace('__', '/');
}

/** A request as a few readable lines. */
export function renderRequest(request: RequestView): string {
  const lines = [
    `${request.requestId}  ${request.status.toUpperCase()}  ${request.summary}`,
    `  requester ${request.requester}  category ${request.category}  environment ${request.environment}`,
    `  tools     ${request.intendedTools.map(displayTool).join(', ') || '(none yet)'}`,
  ];
  if (request.policy) lines.push(`  policy    ${request.policy.outcome}: ${request.policy.reason}`);
  if (request.status === 'pending') {
    lines.push(
      `  approvals ${request.votes.length} of ${request.policy?.quorum ?? 1}  expires ${request.expiresAt ?? '-'}`,
    );
  }
  if (request.decision) {
    const comment = request.decision.comment ? `: ${request.decision.comment}` : '';
    lines.push(`  decision  ${request.decision.verdict} by ${request.decision.approver}${comment}`);
  }
  if (request.statusReason) lines.push(`  reason    ${request.statusReason}`);
  if (request.result?.output) lines.push('', request.result.output);
  return lines.join('\n');
}

export function renderList(requests: RequestView[]): string {
  if (requests.length === 0) return 'No requests.';
  return requests
    .map(
      (request) =>
        `${request.requestId}  ${request.status.padEnd(9)} ${request.requester.padEnd(16)} ${request.summary}`,
    )
    .join('\n');
}

/** What a timeline event says, in a few words: the move, the vote, the refusal. */
function describeEvent(event: AuditEntry): string {
  const data = event.data;
  const reason = typeof data.reason === 'string' ? `: ${data.reason}` : '';
  switch (event.type) {
    case 'request.created':
      return 'recorded';
    case 'request.status_changed': {
      const policy = typeof data.policy === 'string' ? ` (policy: ${data.policy})` : '';
      return `${String(data.from)} -> ${String(data.to)}${policy}${reason}`;
    }
    case 'request.amended':
      return `amended ${Array.isArray(data.fields) ? data.fields.join(', ') : ''}`.trim();
    case 'request.vote_recorded':
    case 'request.decided': {
      const comment = typeof data.comment === 'string' ? `: ${data.comment}` : '';
      const settled = event.type === 'request.decided' ? ' (decides)' : '';
      return `${String(data.verdict)} ${String(data.votes)} of ${String(data.quorum)}${settled}${comment}`;
    }
    default:
      return event.type;
  }
}

/** A request's timeline, one line an event, oldest first. */
export function renderTimeline(requestId: string, events: AuditEntry[]): string {
  return [
    requestId,
    ...events.map(
      (event) =>
        `  ${String(event.seq).padStart(3)}  ${event.at}  ${event.actor.padEnd(16)} ${describeEvent(event)}`,
    ),
  ].join('\n');
}
