import { BOT_SCOPES } from '@agentcore/service-slack-gateway';

/**
 * The Slack app manifest for a deployment: paste it at api.slack.com/apps ("Create New App",
 * "From an app manifest") and Slack knows where to send events, clicks and installs. The scopes
 * are the ones the gateway asks for at install.
 */
export function slackAppManifest(input: { environment: string; apiUrl: string }) {
  const url = (path: string) => `${input.apiUrl}${path}`;
  return {
    display_information: {
      name: `AgentCore (${input.environment})`,
      description: 'Ask for an operation; approvers approve it; the result comes back here.',
    },
    features: { bot_user: { display_name: 'AgentCore', always_online: true } },
    oauth_config: {
      redirect_urls: [url('slack/oauth/callback')],
      scopes: { bot: [...BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: {
        request_url: url('slack/events'),
        // Mentions, and replies in the threads the bot is part of (public and private channels).
        bot_events: ['app_mention', 'message.channels', 'message.groups'],
      },
      interactivity: { is_enabled: true, request_url: url('slack/interactivity') },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
