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
  // An API from before steps existed sends neither field.
  for (const earlier of request.earlierSteps ?? []) {
    const by = earlier.approvedBy ? `, approved by ${earlier.approvedBy}` : '';
    lines.push(`  step ${earlier.step}    ${earlier.outcome}${by}: ${earlier.summary}`);
    for (const call of earlier.toolCalls) {
      lines.push(`            ${displayTool(call.tool)} ${JSON.stringify(call.arguments)}`);
    }
  }
  if ((request.step ?? 1) > 1) lines.push(`  step ${request.step}    now: ${request.summary}`);
  if (request.nextStep)
    lines.push(`  then      ${request.nextStep} (planned once these calls ran)`);
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

/** An approver's edit: each call's arguments before and after, and what policy said then. */
function describeEdit(data: Record<string, unknown>): string {
  const changes = (
    data.changes as { call?: unknown; tool?: unknown; before?: unknown; after?: unknown }[]
  )
    .map(
      (change) =>
        `call ${String(change.call)} ${String(change.tool)} ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`,
    )
    .join('; ');
  const policy = typeof data.policy === 'string' ? ` (policy: ${data.policy})` : '';
  const votes = typeof data.votesCleared === 'number' ? `, ${data.votesCleared} vote(s) void` : '';
  const comment = typeof data.comment === 'string' ? `: ${data.comment}` : '';
  return `edited ${changes}${policy}${votes}${comment}`;
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
      return Array.isArray(data.changes)
        ? describeEdit(data)
        : `amended ${Array.isArray(data.fields) ? data.fields.join(', ') : ''}`.trim();
    case 'request.vote_recorded':
    case 'request.decided': {
      const comment = typeof data.comment === 'string' ? `: ${data.comment}` : '';
      const settled = event.type === 'request.decided' ? ' (decides)' : '';
      return `${String(data.verdict)} ${String(data.votes)} of ${String(data.quorum)}${settled}${comment}`;
    }
    case 'request.step_started':
      return `step ${String(data.finishedStep)} ran; planning step ${String(data.step)}${typeof data.nextStep === 'string' ? `: ${data.nextStep}` : ''}`;
    case 'tool_call.started':
    case 'lookup_call.started':
      return `${event.type.startsWith('lookup') ? 'looking up' : 'running'} ${displayTool(String(data.tool))}`;
    case 'tool_call.finished':
    case 'lookup_call.finished': {
      const how =
        data.ok === true
          ? 'ok'
          : `failed${typeof data.error === 'string' ? `: ${data.error}` : ''}`;
      return `${displayTool(String(data.tool))} ${how} (${String(data.durationMs)} ms, ${String(data.outputBytes)} bytes)`;
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

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One line for an event of a followed request; undefined for what says nothing new. */
export function describeStreamEvent(event: {
  event: string;
  data: Record<string, unknown>;
}): string | undefined {
  const data = event.data;
  const reason = typeof data.reason === 'string' ? ` (${data.reason})` : '';
  switch (event.event) {
    case 'received':
      return 'received';
    case 'planned':
      return 'planned';
    case 'next_step':
      return `step ${text(data.finishedStep)} ran; planning step ${text(data.step)}${typeof data.intent === 'string' ? `: ${data.intent}` : ''}`;
    case 'policy_decision':
      return `policy: ${text(data.outcome)}${reason}`;
    case 'approval_requested':
      return `pending: waiting for approval${reason || ' (approval required)'}`;
    case 'decided':
      return `${text(data.verdict)} by ${text(data.approver)} (${text(data.votes)} of ${text(data.quorum)})`;
    case 'status':
      // The move to pending was said by approval_requested; a note says why the stream ends.
      if (typeof data.note === 'string') return data.note;
      return data.to === 'pending' ? undefined : text(data.to);
    case 'tool_call':
      return `calling ${displayTool(text(data.tool))} ${JSON.stringify(data.arguments ?? {})}`;
    case 'tool_result':
      return `${displayTool(text(data.tool))} ${data.ok ? 'succeeded' : `failed: ${text(data.error ?? '')}`}`;
    case 'tool_refused':
      return `refused: ${text(data.tool ?? data.event)}${typeof data.message === 'string' ? `: ${data.message}` : ''}`;
    case 'error':
      return `error: ${text(data.message)}`;
    case 'final':
      return `ended ${text(data.status)}`;
    default:
      return undefined;
  }
}
