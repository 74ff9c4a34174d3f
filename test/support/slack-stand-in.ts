import { createSlackClient, type SlackClient } from '@agentcore/slack';
import { type SlackStandIn, startSlackStandIn } from '@agentcore/stand-ins';

/**
 * The local Slack (which refuses what Slack refuses) and the real Web API client pointed at it,
 * for tests of what we post. `closers` gets what stops the stand-in.
 */
export async function slackOnStandIn(
  people: { userId: string; displayName: string }[],
  closers: (() => Promise<void>)[],
): Promise<{ standIn: SlackStandIn; slack: SlackClient }> {
  const standIn = await startSlackStandIn({
    signingSecret: 'unused-here',
    botToken: 'xoxb-stand-in',
    botUserId: 'U_AGENTCORE',
    people,
  });
  closers.push(() => standIn.close());
  const slack = createSlackClient({
    token: 'xoxb-stand-in',
    slackApiUrl: standIn.apiUrl,
    timeoutMs: 5_000,
    maxRetries: 1,
    updateIntervalMs: 1,
  });
  return { standIn, slack };
}
