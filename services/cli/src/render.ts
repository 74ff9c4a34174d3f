import type { RequestView } from '@agentcore/workflow';

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
