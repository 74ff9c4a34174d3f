import {
  type ApprovalItem,
  approvedDigestOf,
  describeCall,
  type RequestStatus,
  requestCategory,
} from '@agentcore/core';
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import * as z from 'zod';
import { escapeMrkdwn, truncateText } from '../text.js';
import { SLACK_LIMITS } from './limits.js';
import {
  context,
  displayTool,
  divider,
  header,
  person,
  section,
  slackDate,
  textSections,
} from './parts.js';

/** The action ids of the card's buttons, as `block_actions` payloads carry them back. */
export const SLACK_ACTIONS = {
  approve: 'hitl_approve',
  reject: 'hitl_reject',
  edit: 'hitl_edit',
} as const;
export type SlackAction = keyof typeof SLACK_ACTIONS;

/**
 * What a button carries: the request, and the digest of the calls the approver was shown, so a
 * vote never counts for calls someone edited after the card was drawn.
 */
export const CardButtonValueSchema = z.object({
  requestId: z.string().min(1).max(64),
  callsDigest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type CardButtonValue = z.infer<typeof CardButtonValueSchema>;

/** A button's value read back from a click; undefined when it is not one of ours. */
export function readCardButtonValue(value: string | undefined): CardButtonValue | undefined {
  if (!value) return undefined;
  try {
    const parsed = CardButtonValueSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface SlackMessage {
  /** The notification and accessibility fallback (mrkdwn; escaped like everything else). */
  text: string;
  blocks: KnownBlock[];
}

const STATE_HEADERS: Record<RequestStatus, string> = {
  received: '⏳ Being planned',
  pending: '🔔 Approval needed',
  approved: '✅ Approved',
  executing: '⚙️ Approved, running',
  completed: '✅ Approved and done',
  failed: '⚠️ Failed',
  rejected: '❌ Rejected',
  expired: '⌛ Expired without a decision',
  denied: '🚫 Denied by policy',
  cancelled: '🚫 Cancelled',
};

// Blocks the card always has besides the calls: header, asks, what, divider, calls title,
// risk, policy, timing, decision, actions, and one for "and N more calls".
const FIXED_BLOCKS = 11;

function callBlocks(item: ApprovalItem): KnownBlock[] {
  const calls = item.action.toolCalls ?? [];
  if (calls.length === 0) {
    return [
      section(`*Tools it may use:* ${item.intendedTools.map(displayTool).join(', ') || '(none)'}`),
    ];
  }
  const room = SLACK_LIMITS.blocksPerMessage - FIXED_BLOCKS;
  const shown = calls.slice(0, Math.max(1, Math.floor(room / 2)));
  const perCall = Math.max(1, Math.floor(room / shown.length) - 1);
  // Each call's arguments get an equal share of the card; more than that is cut with a marker
  // (the Edit dialog and the API show them whole), never sent for Slack to refuse.
  const budget = {
    sections: perCall,
    chars: Math.floor(24_000 / shown.length),
    marker: '\n… cut here: Edit or the API shows the arguments whole',
  };
  const blocks: KnownBlock[] = [];
  shown.forEach((call, index) => {
    const json = JSON.stringify(call.arguments, null, 2);
    blocks.push(section(`*${index + 1}.* \`${escapeMrkdwn(displayTool(call.tool))}\``));
    blocks.push(...textSections(json, { code: true, budget }));
  });
  if (shown.length < calls.length) {
    blocks.push(
      section(`_…and ${calls.length - shown.length} more calls, shown by Edit and the API._`),
    );
  }
  return blocks;
}

function whatWillHappen(item: ApprovalItem): string {
  const calls = item.action.toolCalls ?? [];
  const lines =
    calls.length > 0 ? calls.map((call) => `• ${escapeMrkdwn(describeCall(call))}`) : [];
  return truncateText(
    `*What will happen*\n${lines.join('\n') || escapeMrkdwn(item.action.summary)}`,
    3_000,
  );
}

function policyLine(item: ApprovalItem): string {
  const policy = item.policy;
  if (!policy) return '*Policy:* not evaluated yet';
  const ids =
    policy.policyIds.length > 0 ? ` (${policy.policyIds.map(escapeMrkdwn).join(', ')})` : '';
  const quorum = policy.approval?.quorum ?? 1;
  const approving = item.votes.filter((vote) => vote.verdict === 'approved');
  const who =
    approving.length > 0 ? ` (${approving.map((vote) => person(vote.approver)).join(', ')})` : '';
  const needs = quorum > 1 ? ` · ${approving.length} of ${quorum} approvals${who}` : '';
  return `*Policy:* ${escapeMrkdwn(policy.reason)}${ids}${needs}`;
}

function riskLine(item: ApprovalItem): string {
  const action = item.action;
  const parts = [
    `*Risk:* ${escapeMrkdwn(requestCategory(item).replaceAll('_', ' '))}`,
    `environment ${escapeMrkdwn(action.environment)}`,
    ...(action.resource ? [`resource ${escapeMrkdwn(action.resource)}`] : []),
    ...(action.amount !== undefined ? [`amount ${action.amount}`] : []),
  ];
  return parts.join(' · ');
}

function decisionLine(item: ApprovalItem, expiredNow: boolean): string | undefined {
  if (item.decision) {
    const approved = item.decision.verdict === 'approved';
    const verb = approved ? 'Approved' : 'Rejected';
    // A quorum's approval names everyone whose vote counted, not only the deciding one.
    const others = approved
      ? item.votes
          .filter(
            (vote) => vote.verdict === 'approved' && vote.approver !== item.decision?.approver,
          )
          .map((vote) => `${person(vote.approver)}, `)
          .join('')
      : '';
    const comment = item.decision.comment ? `: “${escapeMrkdwn(item.decision.comment)}”` : '';
    return `${verb} by ${others}${person(item.decision.approver)} ${slackDate(item.decision.decidedAt)}${comment}`;
  }
  if (item.status === 'expired' || expiredNow)
    return `Nobody decided before ${item.expiresAt ? slackDate(item.expiresAt) : 'it expired'}`;
  if (['cancelled', 'denied', 'failed'].includes(item.status)) {
    return `${STATE_HEADERS[item.status].replace(/^\S+ /, '')} ${slackDate(item.updatedAt)}${item.statusReason ? `: ${escapeMrkdwn(item.statusReason)}` : ''}`;
  }
  return undefined;
}

function button(
  label: string,
  action: string,
  value: string,
  style?: 'primary' | 'danger',
): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: label },
    action_id: action,
    value,
    ...(style ? { style } : {}),
  };
}

function decisionButtons(item: ApprovalItem): ActionsBlock {
  const value = JSON.stringify({ requestId: item.requestId, callsDigest: approvedDigestOf(item) });
  const editable = (item.action.toolCalls ?? []).length > 0;
  return {
    type: 'actions',
    block_id: `hitl_decide`,
    elements: [
      button('Approve', SLACK_ACTIONS.approve, value, 'primary'),
      ...(editable ? [button('Edit', SLACK_ACTIONS.edit, value)] : []),
      button('Reject', SLACK_ACTIONS.reject, value, 'danger'),
    ],
  };
}

/**
 * The approval card: who asks, what will happen in plain words, the exact calls with their
 * arguments, risk and the policy that wants approval, when it expires, and Approve / Edit /
 * Reject while it is pending. Once decided, expired or cancelled: its state and no buttons.
 */
export function approvalCard(item: ApprovalItem, options: { now: Date }): SlackMessage {
  const expiredNow =
    item.status === 'pending' &&
    item.expiresAt !== undefined &&
    Date.parse(item.expiresAt) <= options.now.getTime();
  const open = item.status === 'pending' && !expiredNow;
  const title = expiredNow ? STATE_HEADERS.expired : STATE_HEADERS[item.status];
  const summary = escapeMrkdwn(item.action.summary);
  const timing = [
    `Request \`${item.requestId}\``,
    ...(open && item.expiresAt ? [`expires ${slackDate(item.expiresAt)}`] : []),
  ].join(' · ');
  const decided = decisionLine(item, expiredNow);
  const blocks: KnownBlock[] = [
    header(`${title}: ${item.action.summary}`),
    section(truncateText(`${person(item.requester.userId)} asks: *${summary}*`, 3_000)),
    section(whatWillHappen(item)),
    divider,
    section('*Exact calls*'),
    ...callBlocks(item),
    context(riskLine(item)),
    context(policyLine(item)),
    context(timing),
    ...(decided ? [context(decided)] : []),
    ...(open ? [decisionButtons(item)] : []),
  ];
  const fallback = `${title}: ${summary} (asked by ${person(item.requester.userId)})`;
  return { text: truncateText(fallback, SLACK_LIMITS.fallbackText), blocks };
}
