import * as z from 'zod';

/** Configuration pieces for functions that talk to Slack (the gateway and the notifiers). */
export const SlackSettings = {
  /**
   * The Secrets Manager secret with the app's Slack credentials, as JSON:
   * `{"signing_secret":"…","bot_token":"xoxb-…","client_id":"…","client_secret":"…"}` (an
   * install through the OAuth callback writes `bot_token` into it). Without it, nothing is
   * posted to Slack and the gateway refuses every request.
   */
  SLACK_SECRET_ARN: z
    .string()
    .startsWith('arn:aws', 'must be a Secrets Manager secret ARN')
    .optional(),
  /** Where the Slack Web API is (a local stand-in in tests); Slack's own when unset. */
  SLACK_API_URL: z.url().optional(),
  /** A channel where every approval card is posted too, besides the requester's thread. */
  SLACK_APPROVALS_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9_]{2,30}$/, 'must be a Slack channel id such as C012ABCDEF')
    .optional(),
};

/** The app's Slack credentials, as the secret (or the local runtime) holds them. */
export const SlackCredentialsSchema = z.object({
  signing_secret: z.string().min(1),
  bot_token: z.string().min(1).optional(),
  client_id: z.string().min(1).optional(),
  client_secret: z.string().min(1).optional(),
  /** Where the install callback sends people back to; the callback's own URL at Slack. */
  redirect_uri: z.url().optional(),
});
export type SlackCredentials = z.infer<typeof SlackCredentialsSchema>;
