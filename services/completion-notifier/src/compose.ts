import { functionTelemetry, SnsNotifier, snsClient } from '@agentcore/adapters';
import type { LogSink } from '@agentcore/observability';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseNotifierConfig } from './config.js';
import type { NotifierDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface NotifierParts {
  /** Where log lines go instead of stdout. */
  logSink?: LogSink;
  documents?: DynamoDBDocumentClient;
  sns?: SNSClient;
}

/** Builds the completion notifier's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: NotifierParts = {},
): NotifierDeps {
  const config = parseNotifierConfig(env);
  const telemetry = functionTelemetry('completion-notifier', env, {
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
    notifier: new SnsNotifier(parts.sns ?? snsClient(target), config.NOTIFY_TOPIC_ARN),
  };
}
