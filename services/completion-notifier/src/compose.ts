import { SnsNotifier, snsClient } from '@agentcore/adapters';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import type { Notifier } from '@agentcore/workflow';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseNotifierConfig } from './config.js';
import type { NotifierDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface NotifierParts {
  documents?: DynamoDBDocumentClient;
  notifier?: Notifier;
}

/** Builds the completion notifier's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: NotifierParts = {},
): NotifierDeps {
  const config = parseNotifierConfig(env);
  const target = { region: config.AWS_REGION };
  const stores = createStores(
    parts.documents ?? createDocumentClient(target),
    tableNames(config.TABLE_PREFIX),
  );
  return {
    approvals: stores.approvals,
    notifier: parts.notifier ?? new SnsNotifier(snsClient(target), config.NOTIFY_TOPIC_ARN),
  };
}
