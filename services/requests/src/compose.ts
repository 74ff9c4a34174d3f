import {
  type FoundationParts,
  functionFoundation,
  SfnExecutionStarter,
  SfnTaskTokens,
  staticDirectory,
  stepFunctionsClient,
} from '@agentcore/adapters';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { parseRequestsConfig } from './config.js';
import type { RequestsDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface RequestsParts extends FoundationParts {
  sfn?: SFNClient;
}

/** Builds the request API's dependencies, once per cold start: no MCP, no policy engine. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: RequestsParts = {},
): RequestsDeps {
  const config = parseRequestsConfig(env);
  const { telemetry, stores, target, clock } = functionFoundation('requests', config, env, parts);
  const sfn = parts.sfn ?? stepFunctionsClient(target);
  return {
    telemetry,
    approvals: stores.approvals,
    audit: stores.audit,
    executions: new SfnExecutionStarter(sfn, config.STATE_MACHINE_ARN),
    tokens: new SfnTaskTokens(sfn),
    directory: staticDirectory(config.APPROVER_GROUPS),
    clock,
  };
}
