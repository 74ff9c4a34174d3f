import type { ApprovalItem } from '@agentcore/core';
import { approvalCard, escapeMrkdwn, resultMessages } from '@agentcore/slack';
import {
  type Clock,
  hasSealedOutput,
  type Notifier,
  type SensitiveOutputVault,
} from '@agentcore/workflow';
import type { SlackMessageLedger } from './message-ledger.js';
import type { SlackMessaging } from './messaging.js';
import { progressLine, type SlackProgress, THREAD_STATUS } from './progress.js';
import { type SlackIdOf, sameSlackIds, withSlackIds } from './slack-people.js';

/**
 * Sealed outputs handed over once to their reader (the sealed-output store's `take`), and sealed
 * again for the same reader when the hand-over fails (the digest is keyed on the output, request,
 * reader and tool, so it stays the same).
 */
export interface SealedOutputTaker extends SensitiveOutputVault {
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
  /** Directory id -> Slack user id, for mentions and private messages (default: the same id). */
  slackIdOf?: SlackIdOf;
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
    const card = approvalCard(await this.shown(item), { now: this.options.clock() });
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
    // Cards exist only in a thread or the approvals channel: otherwise there is nothing to read.
    if (!thread && !this.options.approvalsChannel) return;
    const known = await this.options.ledger.get(item.requestId);
    if (!thread && !known) return;
    const slack = await this.options.slack();
    const shown = await this.shown(item);
    // The buttons go, and the card says how it ended (expired, cancelled, decided, …).
    const card = approvalCard(shown, { now: this.options.clock() });
    for (const ref of known?.cards ?? []) {
      // An edit of what is already there: failing it must not post the results twice on a retry.
      await slack
        .updateMessage({ channel: ref.channelId, ts: ref.ts, ...card })
        .catch(() => undefined);
    }
    if (!thread) return;
    for (const message of resultMessages(shown)) {
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

  /** The request with its people named by their Slack ids (for cards and results only). */
  private shown(item: ApprovalItem): Promise<ApprovalItem> {
    return withSlackIds(item, this.options.slackIdOf ?? sameSlackIds);
  }

  /**
   * A secret goes to its requester alone, as a message only they see, and only once. Taking it
   * removes it from the store, so a post Slack refuses puts it back, sealed for the same reader,
   * and the thread tells them (without the secret) how to read it.
   */
  private async handOverSecret(
    slack: SlackMessaging,
    item: ApprovalItem,
    thread: { channelId: string; threadTs: string },
  ): Promise<void> {
    const vault = this.options.sealedOutputs;
    const sealed = item.result?.toolCalls.some((call) => hasSealedOutput(call.output));
    if (!sealed || !vault) return;
    const recipient = item.requester.userId;
    const taken = await vault.take(item.requestId, recipient);
    if (taken.status !== 'delivered') return;
    const slackUser = await (this.options.slackIdOf ?? sameSlackIds)(recipient);
    // The tool's own words: escaped, so they cannot mention or link anyone.
    const lines = taken.outputs.map(
      (each) => `${escapeMrkdwn(each.tool.replace('__', '/'))}: \`${escapeMrkdwn(each.output)}\``,
    );
    try {
      await slack.postEphemeral({
        channel: thread.channelId,
        thread_ts: thread.threadTs,
        user: slackUser,
        text: `Only you can see this, and only this once:\n${lines.join('\n')}`,
      });
    } catch {
      for (const each of taken.outputs) {
        await vault.seal({
          requestId: item.requestId,
          recipient,
          tool: each.tool,
          output: each.output,
        });
      }
      // The secret is safe again whatever Slack says to this; the results already said it is private.
      await slack
        .postMessage({
          channel: thread.channelId,
          thread_ts: thread.threadTs,
          text: undeliveredSecretText(item.requestId, slackUser),
        })
        .catch(() => undefined);
    }
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

/** Where a secret Slack would not show privately can be read instead (it never says the secret). */
function undeliveredSecretText(requestId: string, slackUser: string): string {
  const who = /^[UW][A-Z0-9_]{1,40}$/.test(slackUser) ? `<@${slackUser}>` : escapeMrkdwn(slackUser);
  return (
    `:lock: ${who}, Slack would not show you the sensitive result of request \`${requestId}\` ` +
    `privately, so it is kept for you alone: read it once with \`hitl-mcp secret ${requestId}\` ` +
    `(or GET /requests/${requestId}/secret) before it expires.`
  );
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
