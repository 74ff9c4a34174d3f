import { createSlackClient } from '@agentcore/slack';
import { createDocumentClient, tableNames } from '@agentcore/store';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { configStoreDirectory } from '../directory.js';
import type { Foundation } from '../foundation.js';
import { type SlackCredentialStore, secretsManagerSlackCredentials } from './credentials.js';
import { DynamoSlackMessageLedger, type SlackMessageLedger } from './message-ledger.js';
import type { SlackMessaging } from './messaging.js';
import { type SealedOutputTaker, SlackNotifier } from './slack-notifier.js';
import { directorySlackIds } from './slack-people.js';

/** What the local runtime and tests hand in instead of the secret and clients a Lambda builds. */
export interface SlackParts {
  /** The app's Slack credentials (the local stand-in's), instead of SLACK_SECRET_ARN's. */
  slackCredentials?: SlackCredentialStore;
  documents?: DynamoDBDocumentClient;
}

export interface SlackConnectionConfig {
  TABLE_PREFIX: string;
  SLACK_SECRET_ARN?: string | undefined;
  SLACK_API_URL?: string | undefined;
  SLACK_APPROVALS_CHANNEL?: string | undefined;
}

/** A function's way to Slack: credentials, a Web API client, the message ledger, the notifier. */
export interface SlackConnection {
  credentials: SlackCredentialStore;
  slack: () => Promise<SlackMessaging>;
  ledger: SlackMessageLedger;
  notifier(options?: { sealedOutputs?: SealedOutputTaker }): SlackNotifier;
}

/** Slack calls wait at most this long, with a few retries (Slack's 429s honoured by the client). */
const SLACK_TIMEOUT_MS = 5_000;
const SLACK_RETRIES = 2;

/**
 * Builds a function's Slack connection from its configuration, or undefined when it has none
 * (no secret configured and none handed in): then it tells people through SNS alone.
 */
export function slackConnection(
  config: SlackConnectionConfig,
  foundation: Foundation,
  parts: SlackParts,
): SlackConnection | undefined {
  const credentials =
    parts.slackCredentials ??
    (config.SLACK_SECRET_ARN
      ? secretsManagerSlackCredentials(foundation.target, config.SLACK_SECRET_ARN)
      : undefined);
  if (!credentials) return undefined;
  let client: { token: string; api: SlackMessaging } | undefined;
  // Built again when an install stores a new bot token.
  const slack = async (): Promise<SlackMessaging> => {
    const token = (await credentials.read()).bot_token ?? '';
    if (client?.token !== token) {
      client = {
        token,
        api: createSlackClient({
          token,
          ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
          timeoutMs: SLACK_TIMEOUT_MS,
          maxRetries: SLACK_RETRIES,
        }),
      };
    }
    return client.api;
  };
  const ledger = new DynamoSlackMessageLedger(
    parts.documents ?? createDocumentClient(foundation.target),
    tableNames(config.TABLE_PREFIX).sessions,
    foundation.clock,
  );
  // Mentions and private messages need Slack ids; only `slackUserId` matters here, so no groups.
  const slackIdOf = directorySlackIds(configStoreDirectory(foundation.stores.config, {}));
  return {
    credentials,
    slack,
    ledger,
    notifier: (options = {}) =>
      new SlackNotifier({
        slack,
        ledger,
        clock: foundation.clock,
        slackIdOf,
        ...(config.SLACK_APPROVALS_CHANNEL
          ? { approvalsChannel: config.SLACK_APPROVALS_CHANNEL }
          : {}),
        ...options,
      }),
  };
}
