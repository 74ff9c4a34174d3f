import { functionTelemetry, SfnTaskTokens, stepFunctionsClient } from '@agentcore/adapters';
import type { LogSink } from '@agentcore/observability';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import type { Clock } from '@agentcore/workflow';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseDecisionSweeperConfig } from './config.js';
import type { DecisionSweeperDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface DecisionSweeperParts {
  /** Where log lines go instead of stdout. */
  logSink?: LogSink;
  documents?: DynamoDBDocumentClient;
  sfn?: SFNClient;
  clock?: Clock;
}

/** Builds the decision sweeper's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: DecisionSweeperParts = {},
): DecisionSweeperDeps {
  const config = parseDecisionSweeperConfig(env);
  const telemetry = functionTelemetry('decision-sweeper', env, {
    level: config.LOG_LEVEL,
    sink: parts.logSink,
  });
  const target = { region: config.AWS_REGION };
  const stores = createStores(
    parts.documents ?? createDocumentClient(target),
    tableNames(config.TABLE_PREFIX),
  );
  return {
    telemetry,
    approvals: stores.approvals,
    tokens: new SfnTaskTokens(parts.sfn ?? stepFunctionsClient(target)),
    clock: parts.clock ?? (() => new Date()),
    options: {
      graceSeconds: config.SWEEP_GRACE_SECONDS,
      maxApprovalSeconds: config.MAX_APPROVAL_SECONDS,
    },
  };
}
