import { type ApprovalItem, requestCategory } from '@agentcore/core';
import { hasSealedOutput } from './use-cases/sensitive-outputs.js';

/** A message for people, in plain text (SNS e-mail, console) with a short subject line. */
export interface Message {
  subject: string;
  text: string;
}

function displayTool(tool: string): string {
  const separator = tool.indexOf('__');
  return separator > 0 ? `${tool.slice(0, separator)}/${tool.slice(separator + 2)}` : tool;
}

function tools(list: string[]): string {
  return list.length > 0 ? list.map(displayTool).join(', ') : '(none)';
}

/** Text a requester or a model wrote, on one line: it cannot forge lines of the message. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** SNS subjects are limited to 100 characters and one line. */
function subjectLine(text: string): string {
  const line = oneLine(text);
  return line.length <= 100 ? line : `${line.slice(0, 99)}…`;
}

/** For a request's second or later step: what ran before, so approvers see what it builds on. */
function earlierStepLines(item: ApprovalItem): string[] {
  if (item.earlierSteps.length === 0) return [];
  return [
    `Step:      ${item.step}, after:`,
    ...item.earlierSteps.flatMap((step) => [
      `  ${step.step}. ${oneLine(step.summary)} (${step.result.outcome}${step.decision ? `, approved by ${step.decision.approver}` : ''})`,
      ...step.result.toolCalls.map(
        (call) => `     ${displayTool(call.tool)} ${JSON.stringify(call.arguments)}`,
      ),
    ]),
  ];
}

/** What approvers see: what is asked, by whom, why it needs them, and how to answer. */
export function approvalRequestMessage(item: ApprovalItem): Message {
  const rules = item.policy?.approval;
  const calls = item.action.toolCalls ?? [];
  const lines = [
    `${item.requester.userId} asks: ${oneLine(item.action.summary)}`,
    '',
    `Request:   ${item.requestId}`,
    ...earlierStepLines(item),
    `Category:  ${requestCategory(item)}${item.action.resource ? `  Resource: ${item.action.resource}` : ''}`,
    `Tools:     ${tools(item.intendedTools)}`,
    ...calls.map((call) => `  ${displayTool(call.tool)} ${JSON.stringify(call.arguments)}`),
    `Why:       ${item.policy?.reason ?? 'approval required'}`,
    ...(rules && rules.quorum > 1 ? [`Approvals needed: ${rules.quorum}`] : []),
    ...(item.expiresAt ? [`Expires:   ${item.expiresAt}`] : []),
    '',
    'To answer:',
    `  hitl-mcp approve ${item.requestId} [--comment "…"]`,
    `  hitl-mcp reject ${item.requestId} [--comment "…"]`,
  ];
  return {
    subject: subjectLine(`Approval needed: ${item.action.summary}`),
    text: lines.join('\n'),
  };
}

/** How a request ended, in a few words, by terminal status (messages, Slack placeholders). */
export const OUTCOME_HEADLINES: Readonly<Record<string, string>> = {
  completed: 'Done',
  failed: 'Failed',
  rejected: 'Rejected',
  expired: 'Expired without a decision',
  denied: 'Denied by policy',
  cancelled: 'Cancelled',
};

/** What the requester is told once their request has ended. */
export function outcomeMessage(item: ApprovalItem): Message {
  const headline = OUTCOME_HEADLINES[item.status] ?? item.status;
  const lines = [`${headline}: ${oneLine(item.action.summary)}`, `Request: ${item.requestId}`];
  if (item.decision) {
    lines.push(
      `${item.decision.verdict === 'approved' ? 'Approved' : 'Rejected'} by ${item.decision.approver}` +
        (item.decision.comment ? `: ${oneLine(item.decision.comment)}` : ''),
    );
  }
  if (item.status === 'denied' && item.policy) lines.push(`Policy: ${item.policy.reason}`);
  if (item.statusReason && item.status !== 'denied') lines.push(`Reason: ${item.statusReason}`);
  if (item.status === 'completed') {
    for (const step of item.earlierSteps) {
      if (step.result.output) lines.push('', `Step ${step.step}: ${step.result.output}`);
    }
    if (item.result?.output) {
      lines.push(
        '',
        item.step > 1 ? `Step ${item.step}: ${item.result.output}` : item.result.output,
      );
    }
  }
  // The secret itself never travels here: only its marker, and where its requester reads it.
  const results = [...item.earlierSteps.map((step) => step.result), item.result];
  if (results.some((result) => result?.toolCalls.some((call) => hasSealedOutput(call.output)))) {
    lines.push(
      '',
      `A secret was kept for ${item.requester.userId} alone; they read it once with ` +
        `\`hitl-mcp secret ${item.requestId}\`.`,
    );
  }
  return { subject: subjectLine(`${headline}: ${item.action.summary}`), text: lines.join('\n') };
}
