import {
  configStoreDirectory,
  type FoundationParts,
  functionFoundation,
  mcpToolPinner,
  SfnExecutionStarter,
  SfnTaskTokens,
  type SlackParts,
  SubmissionLimit,
  slackConnection,
  stepFunctionsClient,
  storedPolicy,
  toolClient,
} from '@agentcore/adapters';
import type { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import type { PolicySource } from '@agentcore/policy';
import { createSlackClient } from '@agentcore/slack';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { parseGatewayConfig } from './config.js';
import type { GatewayDeps } from './deps.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface GatewayParts extends FoundationParts, SlackParts {
  sfn?: SFNClient;
  /** The MCP client, when the caller builds it (the local runtime shares one). */
  mcp?: McpClient;
  policies?: readonly PolicySource[];
}

/**
 * Builds the gateway's dependencies, once per cold start. It records requests, decisions and
 * edits and re-runs policy on edited calls; it never plans (no model) and never runs a tool.
 */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: GatewayParts = {},
): GatewayDeps {
  const config = parseGatewayConfig(env);
  const foundation = functionFoundation('slack-gateway', config, env, parts);
  const { telemetry, stores, target, clock } = foundation;
  const slack = slackConnection(config, foundation, parts);
  if (!slack) {
    throw new Error(
      'the slack-gateway function is misconfigured: SLACK_SECRET_ARN must name the Slack secret',
    );
  }
  const mcp = toolClient(env, foundation, () => builtinServers(env), parts);
  const sfn = parts.sfn ?? stepFunctionsClient(target);
  return {
    telemetry,
    clock,
    credentials: slack.credentials,
    slack: slack.slack,
    exchangeInstallCode: (input) =>
      createSlackClient({
        token: '',
        ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
        timeoutMs: 5_000,
        maxRetries: 2,
      }).oauthV2Access(input),
    authorizeUrl: config.SLACK_AUTHORIZE_URL,
    claims: stores.idempotency,
    sessions: stores.sessions,
    directory: configStoreDirectory(stores.config, config.APPROVER_GROUPS),
    ledger: slack.ledger,
    progress: slack.notifier().progress,
    approvals: stores.approvals,
    executions: new SfnExecutionStarter(sfn, config.STATE_MACHINE_ARN),
    tokens: new SfnTaskTokens(sfn),
    policy: storedPolicy(mcp, foundation, config, parts.policies),
    pinner: mcpToolPinner(mcp),
    submissions: new SubmissionLimit(config.SLACK_SUBMISSIONS_PER_MINUTE, clock),
    environment: config.ENVIRONMENT,
    ...(config.SLACK_BOT_USER_ID ? { botUserId: config.SLACK_BOT_USER_ID } : {}),
  };
}
