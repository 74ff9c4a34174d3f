import type { ApprovalItem } from '@agentcore/core';
import { escapeMrkdwn } from '@agentcore/slack';
import { OUTCOME_HEADLINES } from '@agentcore/workflow';

/** What Slack's thread status says at each stage (cleared when the request ends). */
export const THREAD_STATUS = {
  planning: 'is planning…',
  awaiting_approval: 'is waiting for approval…',
  running: 'is running the approved calls…',
  finished: '',
} as const;

export type ProgressStage = keyof typeof THREAD_STATUS;

/** Shows a request's progress in its Slack thread (the placeholder and the thread status). */
export interface SlackProgress {
  show(item: ApprovalItem, stage: ProgressStage, detail?: string): Promise<void>;
}

/** The placeholder's one line at each stage; the request's own words are escaped. */
export function progressLine(item: ApprovalItem, stage: ProgressStage, detail?: string): string {
  const id = `\`${item.requestId}\``;
  const extra = detail ? ` ${escapeMrkdwn(detail)}` : '';
  switch (stage) {
    case 'planning':
      return `:hourglass_flowing_sand: Request ${id} received; planning it…${extra}`;
    case 'awaiting_approval':
      return `:raised_hand: Request ${id} waits for approval (the card below).${extra}`;
    case 'running':
      return `:gear: Request ${id} is running the approved calls…${extra}`;
    case 'finished':
      return `${OUTCOME_HEADLINES[item.status] ?? item.status}: request ${id}; the result follows in this thread.${extra}`;
  }
}
