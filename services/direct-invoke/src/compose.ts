import {
  type FoundationParts,
  functionFoundation,
  SfnExecutionStarter,
  stepFunctionsClient,
} from '@agentcore/adapters';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { parseDirectInvokeConfig } from './config.js';
import type { DirectInvokeDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface DirectInvokeParts extends FoundationParts {
  sfn?: SFNClient;
}

/** Builds the direct-invoke function's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: DirectInvokeParts = {},
): DirectInvokeDeps {
  const config = parseDirectInvokeConfig(env);
  const { telemetry, stores, target, clock } = functionFoundation(
    'direct-invoke',
    config,
    env,
    parts,
  );
  return {
    telemetry,
    approvals: stores.approvals,
    executions: new SfnExecutionStarter(
      parts.sfn ?? stepFunctionsClient(target),
      config.STATE_MACHINE_ARN,
    ),
    environment: config.ENVIRONMENT,
    clock,
  };
}
