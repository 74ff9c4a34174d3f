import type { ApprovalItem, PolicyDecision, ProposedAction } from '@agentcore/core';
import type { PolicyEngine } from './engine.js';
import { toolsOf } from './request.js';
import { stricter } from './verdict.js';

/** How a decision moved: a stricter or looser outcome, or other approval requirements. */
export type ChangeKind = 'stricter' | 'looser' | 'approval' | 'unrecorded';

export interface DecisionChange {
  /** The stored request id, or the request's position in the list when it has none. */
  requestId: string;
  at: string;
  tools: string[];
  /** The decision in force (recorded, or the active set's); absent when none was recorded. */
  before?: PolicyDecision;
  after: PolicyDecision;
  kind: ChangeKind;
}

export interface DecisionDiff {
  title: string;
  total: number;
  unchanged: number;
  changes: DecisionChange[];
}

/** A request to decide again: the action and the instant it was (or is) decided at. */
export interface ShadowRequest {
  requestId?: string;
  action: ProposedAction;
  at: Date;
}

function sameApproval(a: PolicyDecision, b: PolicyDecision): boolean {
  return JSON.stringify(a.approval ?? null) === JSON.stringify(b.approval ?? null);
}

function kindOf(before: PolicyDecision | undefined, after: PolicyDecision): ChangeKind | undefined {
  if (before === undefined) return 'unrecorded';
  if (before.outcome !== after.outcome) {
    return stricter(before.outcome, after.outcome) === after.outcome ? 'stricter' : 'looser';
  }
  if (after.outcome === 'require_approval' && !sameApproval(before, after)) return 'approval';
  return undefined;
}

function diff(
  title: string,
  rows: readonly { request: ShadowRequest; before?: PolicyDecision; after: PolicyDecision }[],
): DecisionDiff {
  const changes: DecisionChange[] = [];
  rows.forEach(({ request, before, after }, index) => {
    const kind = kindOf(before, after);
    if (kind === undefined) return;
    changes.push({
      requestId: request.requestId ?? `#${index + 1}`,
      at: request.at.toISOString(),
      tools: toolsOf(request.action),
      ...(before === undefined ? {} : { before }),
      after,
      kind,
    });
  });
  return { title, total: rows.length, unchanged: rows.length - changes.length, changes };
}

/**
 * Shadow mode: decides every request with the active engine and with a draft one, and reports
 * each request whose outcome (or approval requirements) the draft would change. Nothing is
 * installed.
 */
export function shadowCompare(
  active: PolicyEngine,
  draft: PolicyEngine,
  requests: readonly ShadowRequest[],
): DecisionDiff {
  const rows = requests.map((request) => ({
    request,
    before: active.decide(request.action, { now: request.at }),
    after: draft.decide(request.action, { now: request.at }),
  }));
  return diff(`Shadow: draft policies against the active set`, rows);
}

/**
 * Replay: decides stored requests again with a draft engine, at the instant each was created,
 * and reports those whose recorded decision would change. Requests stored without a decision
 * are compared with `baseline` when given, else listed as unrecorded.
 */
export function replayApprovals(
  items: readonly ApprovalItem[],
  draft: PolicyEngine,
  baseline?: PolicyEngine,
): DecisionDiff {
  const rows = items.map((item) => {
    const request: ShadowRequest = {
      requestId: item.requestId,
      action: item.action,
      at: new Date(item.createdAt),
    };
    const before = item.policy ?? baseline?.decide(item.action, { now: request.at });
    const after = draft.decide(item.action, { now: request.at });
    return before === undefined ? { request, after } : { request, before, after };
  });
  return diff(`Replay: ${items.length} stored request(s) against the draft policies`, rows);
}

function summary(decision: PolicyDecision | undefined): string {
  if (decision === undefined) return '(no recorded decision)';
  const by = decision.policyIds.length > 0 ? decision.policyIds.join(', ') : 'default';
  const approval = decision.approval
    ? `; quorum ${decision.approval.quorum}, expires in ${decision.approval.expiresInSeconds}s` +
      (decision.approval.allowSelfApproval ? ', self-approval allowed' : '') +
      ([...decision.approval.approverUserIds, ...decision.approval.approverGroups].length > 0
        ? `, approvers ${[...decision.approval.approverUserIds, ...decision.approval.approverGroups].join(' ')}`
        : '')
    : '';
  return `${decision.outcome} (by ${by}${approval})`;
}

/** A plain-text report of a shadow or replay diff, for a terminal or a review comment. */
export function renderDiff(report: DecisionDiff): string {
  const counts = new Map<ChangeKind, number>();
  for (const change of report.changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  const kinds = (['stricter', 'looser', 'approval', 'unrecorded'] as const)
    .filter((kind) => counts.has(kind))
    .map((kind) => `${counts.get(kind)} ${kind}`);
  const lines = [
    report.title,
    `${report.total} request(s): ${report.changes.length} changed${
      kinds.length > 0 ? ` (${kinds.join(', ')})` : ''
    }, ${report.unchanged} unchanged`,
  ];
  for (const change of report.changes) {
    lines.push(
      '',
      `${change.requestId}  ${change.at}  ${change.kind}  tools: ${change.tools.join(', ') || '(none)'}`,
      `  before: ${summary(change.before)}`,
      `  after:  ${summary(change.after)}`,
      `          ${change.after.reason}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
