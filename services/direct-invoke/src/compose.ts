import { functionTelemetry, SfnExecutionStarter, stepFunctionsClient } from '@agentcore/adapters';
import { modelConfigFromEnv, NO_MODEL_MESSAGE } from '@agentcore/agent';
import type { LogSink } from '@agentcore/observability';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import type { Clock } from '@agentcore/workflow';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseDirectInvokeConfig } from './config.js';
import type { DirectInvokeDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface DirectInvokeParts {
  /** Where log lines go instead of stdout. */
  logSink?: LogSink;
  documents?: DynamoDBDocumentClient;
  sfn?: SFNClient;
  modelConfigured?: boolean;
  clock?: Clock;
}

/** Builds the direct-invoke function's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: DirectInvokeParts = {},
): DirectInvokeDeps {
  const config = parseDirectInvokeConfig(env);
  const telemetry = functionTelemetry('direct-invoke', env, {
    level: config.LOG_LEVEL,
    sink: parts.logSink,
  });
  const target = { region: config.AWS_REGION };
  const stores = createStores(
    parts.documents ?? createDocumentClient(target),
    tableNames(config.TABLE_PREFIX),
  );
  const modelConfigured = parts.modelConfigured ?? modelConfigFromEnv(env).provider !== 'none';
  return {
    telemetry,
    approvals: stores.approvals,
    executions: new SfnExecutionStarter(
      parts.sfn ?? stepFunctionsClient(target),
      config.STATE_MACHINE_ARN,
    ),
    clock: parts.clock ?? (() => new Date()),
    noModelMessage: modelConfigured ? undefined : NO_MODEL_MESSAGE,
  };
}
