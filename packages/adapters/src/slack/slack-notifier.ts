import type { ApprovalItem } from '@agentcore/core';
import { approvalCard, escapeMrkdwn, resultMessages } from '@agentcore/slack';
import { type Clock, hasSealedOutput, type Notifier } from '@agentcore/workflow';
import type { SlackMessageLedger } from './message-ledger.js';
import type { SlackMessaging } from './messaging.js';
import { progressLine, type SlackProgress, THREAD_STATUS } from './progress.js';

/** Sealed outputs handed over once to their reader (the sealed-output store's `take`). */
export interface SealedOutputTaker {
  take(
    requestId: string,
    recipient: string,
  ): Promise<
    | { status: 'delivered'; outputs: { tool: string; output: string }[] }
    | { status: 'none' | 'gone' }
  >;
}

export interface SlackNotifierOptions {
  /** The Web API client, built on first use (its token is read from the secret then). */
  slack: () => Promise<SlackMessaging>;
  ledger: SlackMessageLedger;
  clock: Clock;
  /** A channel where every approval card is posted too. */
  approvalsChannel?: string;
  /** Present where this function may hand a requester their secret (the completion notifier). */
  sealedOutputs?: SealedOutputTaker;
}

function slackThread(item: ApprovalItem): { channelId: string; threadTs: string } | undefined {
  const { origin } = item.action;
  return origin.source === 'slack' && origin.channelId && origin.threadTs
    ? { channelId: origin.channelId, threadTs: origin.threadTs }
    : undefined;
}

/**
 * Tells people in Slack: the approval card in the requester's thread (and the approvals
 * channel), the placeholder kept up to date, the results as threaded replies, a secret to its
 * requester alone, and the cards updated once the request has ended.
 */
export class SlackNotifier implements Notifier {
  readonly progress: SlackProgress;

  constructor(private readonly options: SlackNotifierOptions) {
    this.progress = {
      show: (item, stage, detail) => this.showProgress(item, stage, detail),
    };
  }

  async approvalRequested(item: ApprovalItem): Promise<void> {
    const thread = slackThread(item);
    const targets = [
      ...(thread ? [{ channel: thread.channelId, thread_ts: thread.threadTs }] : []),
      ...(this.options.approvalsChannel ? [{ channel: this.options.approvalsChannel }] : []),
    ];
    if (targets.length === 0) return;
    const slack = await this.options.slack();
    const card = approvalCard(item, { now: this.options.clock() });
    for (const target of targets) {
      const posted = await slack.postMessage({ ...target, ...card });
      await this.options.ledger.addCard(item.requestId, {
        channelId: posted.channel,
        ts: posted.ts,
      });
    }
    await this.showProgress(item, 'awaiting_approval');
  }

  async finished(item: ApprovalItem): Promise<void> {
    const thread = slackThread(item);
    const known = await this.options.ledger.get(item.requestId);
    if (!thread && !known) return;
    const slack = await this.options.slack();
    // The buttons go, and the card says how it ended (expired, cancelled, decided, …).
    const card = approvalCard(item, { now: this.options.clock() });
    for (const ref of known?.cards ?? []) {
      // An edit of what is already there: failing it must not post the results twice on a retry.
      await slack
        .updateMessage({ channel: ref.channelId, ts: ref.ts, ...card })
        .catch(() => undefined);
    }
    if (!thread) return;
    for (const message of resultMessages(item)) {
      await slack.postMessage({
        channel: thread.channelId,
        thread_ts: thread.threadTs,
        ...message,
      });
    }
    await this.handOverSecret(slack, item, thread);
    // Last: the placeholder says how it ended once everything it points to is in the thread.
    await this.showProgress(item, 'finished');
  }

  /** A secret goes to its requester alone, as a message only they see, and only once. */
  private async handOverSecret(
    slack: SlackMessaging,
    item: ApprovalItem,
    thread: { channelId: string; threadTs: string },
  ): Promise<void> {
    const sealed = item.result?.toolCalls.some((call) => hasSealedOutput(call.output));
    if (!sealed || !this.options.sealedOutputs) return;
    const taken = await this.options.sealedOutputs.take(item.requestId, item.requester.userId);
    if (taken.status !== 'delivered') return;
    // The tool's own words: escaped, so they cannot mention or link anyone.
    const lines = taken.outputs.map(
      (each) => `${escapeMrkdwn(each.tool.replace('__', '/'))}: \`${escapeMrkdwn(each.output)}\``,
    );
    await slack.postEphemeral({
      channel: thread.channelId,
      thread_ts: thread.threadTs,
      user: item.requester.userId,
      text: `Only you can see this, and only this once:\n${lines.join('\n')}`,
    });
  }

  private async showProgress(
    item: ApprovalItem,
    stage: keyof typeof THREAD_STATUS,
    detail?: string,
  ): Promise<void> {
    const thread = slackThread(item);
    if (!thread) return;
    const slack = await this.options.slack();
    const known = await this.options.ledger.get(item.requestId);
    const text = progressLine(item, stage, detail);
    if (known?.placeholderTs) {
      // Progress is a courtesy: a refused update must not repeat the step that reported it.
      await slack
        .updateMessage({ channel: thread.channelId, ts: known.placeholderTs, text })
        .catch(() => undefined);
    }
    // Thread status is a nicety some workspaces lack (assistant threads): never a failure.
    await slack
      .setThreadStatus({
        channel_id: thread.channelId,
        thread_ts: thread.threadTs,
        status: THREAD_STATUS[stage],
      })
      .catch(() => undefined);
  }
}

/** Tells every notifier, in order (SNS subscribers, then Slack). */
export function allNotifiers(...notifiers: Notifier[]): Notifier {
  return {
    approvalRequested: async (item) => {
      for (const notifier of notifiers) await notifier.approvalRequested(item);
    },
    finished: async (item) => {
      for (const notifier of notifiers) await notifier.finished(item);
    },
  };
}
