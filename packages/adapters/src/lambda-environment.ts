import { modelConfigFromEnv, NO_MODEL_MESSAGE, resolveModelProvider } from '@agentcore/agent';
import {
  type BuiltinServerFactory,
  fallbackServerConfigSource,
  McpClient,
  readMcpEnvConfig,
  staticServerConfigSource,
} from '@agentcore/mcp';
import { composeGifsServer } from '@agentcore/mcp-server-gifs';
import { composeTotpServer } from '@agentcore/mcp-server-totp';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { composeServices } from './compose.js';
import { auditLogSink, configStoreServerSource } from './mcp-tools.js';
import { SnsNotifier } from './notifiers.js';
import { policySources } from './policy-sources.js';

const GroupsSchema = z.record(z.string().min(1), z.array(z.string().min(1)));

/** What our functions read from their Lambda environment; checked once, at cold start. */
export const LambdaEnvironmentSchema = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{3,200}$/, 'must be a DynamoDB table name prefix'),
  STATE_MACHINE_ARN: z.string().startsWith('arn:aws', 'must be a state machine ARN'),
  NOTIFY_TOPIC_ARN: z.string().startsWith('arn:aws', 'must be an SNS topic ARN'),
  /** JSON: Slack or directory user id -> groups, for approver rules that name groups. */
  APPROVER_GROUPS: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return GroupsSchema.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON like {"U123":["approvers"]}' });
        return z.NEVER;
      }
    }),
  /** Who approves when no policy names approvers (comma-separated groups). */
  DEFAULT_APPROVER_GROUPS: z
    .string()
    .default('approvers')
    .transform((text) =>
      text
        .split(',')
        .map((group) => group.trim())
        .filter(Boolean),
    ),
  MAX_APPROVAL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(3_600),
  /** The seed's JSON policy rules, used when the config store holds no policies. */
  POLICY_PATH: z.string().min(1).optional(),
});
export type LambdaEnvironment = z.output<typeof LambdaEnvironmentSchema>;

export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

export function parseLambdaEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): LambdaEnvironment {
  const result = LambdaEnvironmentSchema.safeParse(env);
  if (!result.success) {
    throw new EnvironmentError(`the function is misconfigured: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The built-in MCP servers, run in-process inside the function (no child process to spawn). */
export function builtinServers(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, BuiltinServerFactory> {
  return { totp: () => composeTotpServer(env), gifs: () => composeGifsServer(env) };
}

/** Everything our functions need, from their environment: run once per cold start. */
export function composeFromEnvironment(env: Readonly<Record<string, string | undefined>>) {
  const config = parseLambdaEnvironment(env);
  const region = config.AWS_REGION;
  const stores = createStores(createDocumentClient({ region }), tableNames(config.TABLE_PREFIX));
  const mcpConfig = readMcpEnvConfig(env);
  const mcp = new McpClient({
    // The config store is the source of truth; MCP_SERVERS is the seed's fallback.
    servers: fallbackServerConfigSource(
      configStoreServerSource(stores.config),
      staticServerConfigSource(mcpConfig.servers),
    ),
    allowedToolsCeiling: mcpConfig.allowedTools,
    builtins: builtinServers(env),
    audit: auditLogSink(stores.audit),
  });
  const timeouts = { requestTimeout: 10_000, connectionTimeout: 3_000 };
  return composeServices({
    approvals: stores.approvals,
    sfn: new SFNClient({ region, maxAttempts: 4, requestHandler: timeouts }),
    stateMachineArn: config.STATE_MACHINE_ARN,
    mcp,
    notifier: new SnsNotifier(
      new SNSClient({ region, maxAttempts: 4, requestHandler: timeouts }),
      config.NOTIFY_TOPIC_ARN,
    ),
    noModelMessage: NO_MODEL_MESSAGE,
    model: resolveModelProvider(modelConfigFromEnv(env)),
    policies: policySources(stores.config, config.POLICY_PATH),
    policyConfig: { approvalDefaults: { approverGroups: config.DEFAULT_APPROVER_GROUPS } },
    groups: config.APPROVER_GROUPS,
    maxApprovalSeconds: config.MAX_APPROVAL_SECONDS,
  });
}
