import {
  configStoreDirectory,
  type FoundationParts,
  functionFoundation,
  SfnExecutionStarter,
  SfnTaskTokens,
  sealingKeySource,
  stepFunctionsClient,
  storedPolicy,
  toolClient,
} from '@agentcore/adapters';
import type { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import type { PolicySource } from '@agentcore/policy';
import { createDocumentClient, tableNames } from '@agentcore/store';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoAdminSessionStore } from './admin/session-store.js';
import type { ApiDeps } from './app.js';
import { apiKeyAuthentication, authorizerAuthentication } from './authentication.js';
import { parseApiConfig } from './config.js';
import { SubmissionLimit } from './submission-limit.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface ApiParts extends FoundationParts {
  sfn?: SFNClient;
  /** The MCP client, when the caller builds it (the local runtime shares one). */
  mcp?: McpClient;
  policies?: readonly PolicySource[];
}

/**
 * Builds the API's dependencies, once per cold start. It lists tools and asks policy about them
 * (to describe and check what may be called), but never calls a tool: no model, no executor.
 */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: ApiParts = {},
): ApiDeps {
  const config = parseApiConfig(env);
  const foundation = functionFoundation('api', config, env, parts);
  const { telemetry, stores, target, clock } = foundation;
  const sealingKey = sealingKeySource(target, config);
  const mcp = toolClient(env, foundation, () => builtinServers(env), parts);
  const sfn = parts.sfn ?? stepFunctionsClient(target);
  const executions = new SfnExecutionStarter(sfn, config.STATE_MACHINE_ARN);
  const directory = configStoreDirectory(stores.config, config.APPROVER_GROUPS);
  return {
    telemetry,
    approvals: stores.approvals,
    audit: stores.audit,
    executions,
    environment: config.ENVIRONMENT,
    tokens: new SfnTaskTokens(sfn),
    directory,
    clock,
    authenticate:
      config.API_AUTH === 'jwt_authorizer'
        ? authorizerAuthentication({ directory })
        : apiKeyAuthentication({ keys: stores.apiKeys, directory, clock }),
    keys: stores.apiKeys,
    mcp,
    policy: storedPolicy(mcp, foundation, config, parts.policies),
    config: stores.config,
    auditLog: stores.audit,
    admin: {
      sessions: new DynamoAdminSessionStore(
        parts.documents ?? createDocumentClient(target),
        tableNames(config.TABLE_PREFIX).adminSessions,
      ),
      keys: stores.apiKeys,
    },
    ...(sealingKey ? { sealedOutputs: stores.sealedOutputs(sealingKey) } : {}),
    submissions: new SubmissionLimit(config.API_SUBMISSIONS_PER_MINUTE, clock),
    stream: { pollMs: config.API_STREAM_POLL_MS, maxSeconds: config.API_STREAM_MAX_SECONDS },
    health: {
      store: async () => {
        await stores.config.currentVersion('policies');
      },
      workflow: () => executions.reachable(),
    },
  };
}
