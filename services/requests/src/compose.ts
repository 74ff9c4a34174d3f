import {
  type FoundationParts,
  functionFoundation,
  SfnExecutionStarter,
  SfnTaskTokens,
  staticDirectory,
  stepFunctionsClient,
} from '@agentcore/adapters';
import { modelConfigFromEnv, NO_MODEL_MESSAGE } from '@agentcore/agent';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { parseRequestsConfig } from './config.js';
import type { RequestsDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface RequestsParts extends FoundationParts {
  sfn?: SFNClient;
  /** Whether natural-language requests can be planned; from the environment when absent. */
  modelConfigured?: boolean;
}

/** Builds the request API's dependencies, once per cold start: no MCP, no policy engine. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: RequestsParts = {},
): RequestsDeps {
  const config = parseRequestsConfig(env);
  const { telemetry, stores, target, clock } = functionFoundation('requests', config, env, parts);
  const sfn = parts.sfn ?? stepFunctionsClient(target);
  const modelConfigured = parts.modelConfigured ?? modelConfigFromEnv(env).provider !== 'none';
  return {
    telemetry,
    approvals: stores.approvals,
    audit: stores.audit,
    executions: new SfnExecutionStarter(sfn, config.STATE_MACHINE_ARN),
    tokens: new SfnTaskTokens(sfn),
    directory: staticDirectory(config.APPROVER_GROUPS),
    clock,
    noModelMessage: modelConfigured ? undefined : NO_MODEL_MESSAGE,
  };
}
