import {
  type FoundationParts,
  functionFoundation,
  SnsNotifier,
  snsClient,
} from '@agentcore/adapters';
import type { SNSClient } from '@aws-sdk/client-sns';
import { parseNotifierConfig } from './config.js';
import type { NotifierDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface NotifierParts extends FoundationParts {
  sns?: SNSClient;
}

/** Builds the completion notifier's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: NotifierParts = {},
): NotifierDeps {
  const config = parseNotifierConfig(env);
  const { telemetry, stores, target } = functionFoundation(
    'completion-notifier',
    config,
    env,
    parts,
  );
  return {
    telemetry,
    approvals: stores.approvals,
    notifier: new SnsNotifier(parts.sns ?? snsClient(target), config.NOTIFY_TOPIC_ARN),
  };
}
