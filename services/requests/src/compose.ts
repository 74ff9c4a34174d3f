import {
  functionTelemetry,
  SfnExecutionStarter,
  SfnTaskTokens,
  staticDirectory,
  stepFunctionsClient,
} from '@agentcore/adapters';
import { modelConfigFromEnv, NO_MODEL_MESSAGE } from '@agentcore/agent';
import type { LogSink } from '@agentcore/observability';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import type { Clock } from '@agentcore/workflow';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseRequestsConfig } from './config.js';
import type { RequestsDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface RequestsParts {
  /** Where log lines go instead of stdout. */
  logSink?: LogSink;
  documents?: DynamoDBDocumentClient;
  sfn?: SFNClient;
  /** Whether natural-language requests can be planned; from the environment when absent. */
  modelConfigured?: boolean;
  clock?: Clock;
}

/** Builds the request API's dependencies, once per cold start: no MCP, no policy engine. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: RequestsParts = {},
): RequestsDeps {
  const config = parseRequestsConfig(env);
  const telemetry = functionTelemetry('requests', env, {
    level: config.LOG_LEVEL,
    sink: parts.logSink,
  });
  const target = { region: config.AWS_REGION };
  const stores = createStores(
    parts.documents ?? createDocumentClient(target),
    tableNames(config.TABLE_PREFIX),
  );
  const sfn = parts.sfn ?? stepFunctionsClient(target);
  const modelConfigured = parts.modelConfigured ?? modelConfigFromEnv(env).provider !== 'none';
  return {
    telemetry,
    approvals: stores.approvals,
    executions: new SfnExecutionStarter(sfn, config.STATE_MACHINE_ARN),
    tokens: new SfnTaskTokens(sfn),
    directory: staticDirectory(config.APPROVER_GROUPS),
    clock: parts.clock ?? (() => new Date()),
    noModelMessage: modelConfigured ? undefined : NO_MODEL_MESSAGE,
  };
}
