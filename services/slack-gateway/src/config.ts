import {
  DirectorySettings,
  LogSettings,
  PolicySettings,
  parseConfiguration,
  SlackSettings,
  StateMachineSettings,
  StoreSettings,
} from '@agentcore/adapters';
import * as z from 'zod';

export const GatewayConfigSchema = z.object({
  ...StoreSettings,
  ...StateMachineSettings,
  ...DirectorySettings,
  ...LogSettings,
  ...PolicySettings,
  ...SlackSettings,
  /** Slack's install consent screen (the local Slack's locally). */
  SLACK_AUTHORIZE_URL: z.url().default('https://slack.com/oauth/v2/authorize'),
  /** Requests one Slack user may start a minute (a token bucket, as the API's per key). */
  SLACK_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Our bot's user id, when known ahead; otherwise each event's `authorizations` say it. */
  SLACK_BOT_USER_ID: z
    .string()
    .regex(/^[UWB][A-Z0-9_]{2,30}$/, 'must be a Slack user id such as U012ABCDEF')
    .optional(),
});
export type GatewayConfig = z.output<typeof GatewayConfigSchema>;

export function parseGatewayConfig(
  env: Readonly<Record<string, string | undefined>>,
): GatewayConfig {
  return parseConfiguration('slack-gateway', GatewayConfigSchema, env);
}
