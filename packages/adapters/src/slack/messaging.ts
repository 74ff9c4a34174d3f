/** A message as Slack takes it: fallback text (notifications, screen readers) and blocks. */
export interface SlackMessage {
  text: string;
  // Blocks are built and limit-checked by @agentcore/slack; here they only pass through.
  blocks?: unknown[];
}

/**
 * The Slack Web API methods our notifier and gateway call (the port; @agentcore/slack's
 * SlackClient implements it with timeouts, bounded retries and a per-channel pace).
 */
export interface SlackMessaging {
  postMessage(input: SlackMessage & { channel: string; thread_ts?: string }): Promise<{
    ts: string;
    channel: string;
  }>;
  updateMessage(input: SlackMessage & { channel: string; ts: string }): Promise<unknown>;
  postEphemeral(
    input: SlackMessage & { channel: string; user: string; thread_ts?: string },
  ): Promise<unknown>;
  openView(input: { trigger_id: string; view: unknown }): Promise<unknown>;
  setThreadStatus(input: {
    channel_id: string;
    thread_ts: string;
    status: string;
  }): Promise<unknown>;
}
