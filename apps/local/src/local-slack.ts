import { randomBytes } from 'node:crypto';
import {
  DirectoryDocumentSchema,
  fixedSlackCredentials,
  type SlackCredentialStore,
} from '@agentcore/adapters';
import { LOCAL_IDENTITIES } from '@agentcore/cli';
import * as slackGateway from '@agentcore/service-slack-gateway';
import {
  type SecretsManagerStandIn,
  type SlackStandIn,
  startSlackStandIn,
} from '@agentcore/stand-ins';
import type { Stores } from '@agentcore/store';

/** The local bot's Slack user id (what a mention of the bot names). */
export const LOCAL_BOT_USER_ID = 'U_AGENTCORE';
/** The Secrets Manager secret the local gateway's install writes the bot token to. */
export const LOCAL_SLACK_SECRET = 'agentcore-local-slack';

export interface LocalSlack {
  standIn: SlackStandIn;
  credentials: SlackCredentialStore;
  /** The Slack settings every function's environment gets. */
  env: Record<string, string>;
}

/**
 * Who may pick themselves on the local Slack page: the directory's people (config/local), or,
 * before one is saved, the local identities and the ids the runtime was given groups for. Being
 * on the page does not make anyone known: the gateway asks the directory.
 */
async function localPeople(stores: Stores, groups: Record<string, string[]>) {
  const saved = await stores.config.latest('directory');
  const parsed = saved ? DirectoryDocumentSchema.safeParse(saved.value) : undefined;
  if (parsed?.success && parsed.data.people.length > 0) {
    return parsed.data.people.map((person) => ({
      userId: person.userId,
      displayName: person.displayName ?? person.userId,
    }));
  }
  const people = new Map<string, string>(
    Object.values(LOCAL_IDENTITIES).map((identity) => [identity.userId, identity.displayName]),
  );
  for (const userId of Object.keys(groups)) if (!people.has(userId)) people.set(userId, userId);
  return [...people].map(([userId, displayName]) => ({ userId, displayName }));
}

/**
 * The local Slack (its Web API and its page, on loopback) with credentials made for this run:
 * a signing secret the page signs with and the gateway checks, a bot token, an OAuth client.
 * The credentials live in the Secrets Manager stand-in too, where an install writes its token.
 */
export async function startLocalSlack(input: {
  stores: Stores;
  groups: Record<string, string[]>;
  secrets: SecretsManagerStandIn;
  clock?: () => Date;
  port?: number;
}): Promise<LocalSlack> {
  const oauth = { clientId: 'local-client', clientSecret: randomBytes(16).toString('hex') };
  const initial = {
    signing_secret: randomBytes(24).toString('hex'),
    bot_token: `xoxb-local-${randomBytes(12).toString('hex')}`,
    client_id: oauth.clientId,
    client_secret: oauth.clientSecret,
  };
  const standIn = await startSlackStandIn({
    signingSecret: initial.signing_secret,
    botToken: initial.bot_token,
    botUserId: LOCAL_BOT_USER_ID,
    people: await localPeople(input.stores, input.groups),
    oauth,
    ...(input.clock ? { clock: input.clock } : {}),
    ...(input.port ? { port: input.port } : {}),
  });
  const store = (value: unknown) =>
    input.secrets.setSecret(LOCAL_SLACK_SECRET, JSON.stringify(value));
  store(initial);
  return {
    standIn,
    credentials: fixedSlackCredentials(initial, store),
    env: {
      SLACK_API_URL: standIn.apiUrl,
      SLACK_AUTHORIZE_URL: standIn.authorizeUrl,
      SLACK_BOT_USER_ID: LOCAL_BOT_USER_ID,
    },
  };
}

/** The gateway, composed as on Lambda, served on loopback, and named to the local Slack. */
export async function serveLocalGateway(
  slack: LocalSlack,
  env: Record<string, string>,
  parts: slackGateway.GatewayParts,
): Promise<slackGateway.ServedGateway> {
  const served = await slackGateway.serveGateway(
    slackGateway.createApp(
      slackGateway.compose(env, { ...parts, slackCredentials: slack.credentials }),
    ),
  );
  slack.standIn.setGatewayUrl(served.url);
  // Where the local Slack's consent screen sends an installer back to (GET /slack/install).
  await slack.credentials.update({ redirect_uri: `${served.url}/slack/oauth/callback` });
  return served;
}
