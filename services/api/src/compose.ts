import {
  configStoreDirectory,
  type FoundationParts,
  functionFoundation,
  SfnExecutionStarter,
  SfnTaskTokens,
  stepFunctionsClient,
} from '@agentcore/adapters';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { ApiDeps } from './app.js';
import { apiKeyAuthentication, authorizerAuthentication } from './authentication.js';
import { parseApiConfig } from './config.js';
import { SubmissionLimit } from './submission-limit.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface ApiParts extends FoundationParts {
  sfn?: SFNClient;
}

/** Builds the API's dependencies, once per cold start: no MCP, no policy engine, no model. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: ApiParts = {},
): ApiDeps {
  const config = parseApiConfig(env);
  const { telemetry, stores, target, clock } = functionFoundation('api', config, env, parts);
  const sfn = parts.sfn ?? stepFunctionsClient(target);
  const executions = new SfnExecutionStarter(sfn, config.STATE_MACHINE_ARN);
  const directory = configStoreDirectory(stores.config, config.APPROVER_GROUPS);
  return {
    telemetry,
    approvals: stores.approvals,
    audit: stores.audit,
    executions,
    tokens: new SfnTaskTokens(sfn),
    directory,
    clock,
    authenticate:
      config.API_AUTH === 'jwt_authorizer'
        ? authorizerAuthentication({ directory })
        : apiKeyAuthentication({ keys: stores.apiKeys, directory, clock }),
    keys: stores.apiKeys,
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
