import { BOT_SCOPES } from '@agentcore/service-slack-gateway';

/**
 * The Slack app manifest for a deployment: paste it at api.slack.com/apps ("Create New App",
 * "From an app manifest") and Slack knows where to send events, clicks and installs. The scopes
 * are the ones the gateway asks for at install.
 */
export function slackAppManifest(input: { environment: string; apiUrl: string }) {
  const url = (path: string) => `${input.apiUrl}${path}`;
  const scopes: readonly string[] = BOT_SCOPES;
  // Each message event needs its history scope; direct messages also need the Messages tab.
  const directMessages = scopes.includes('im:history');
  const messageEvents = [
    ...(scopes.includes('channels:history') ? ['message.channels'] : []),
    ...(scopes.includes('groups:history') ? ['message.groups'] : []),
    ...(directMessages ? ['message.im'] : []),
  ];
  return {
    display_information: {
      name: `AgentCore (${input.environment})`,
      description: 'Ask for an operation; approvers approve it; the result comes back here.',
    },
    features: {
      bot_user: { display_name: 'AgentCore', always_online: true },
      ...(directMessages
        ? { app_home: { messages_tab_enabled: true, messages_tab_read_only_enabled: false } }
        : {}),
    },
    oauth_config: {
      redirect_urls: [url('slack/oauth/callback')],
      scopes: { bot: [...scopes] },
    },
    settings: {
      event_subscriptions: {
        request_url: url('slack/events'),
        // Mentions, and messages where the bot takes part: threads, and direct messages.
        bot_events: ['app_mention', ...messageEvents],
      },
      interactivity: { is_enabled: true, request_url: url('slack/interactivity') },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
