import {
  allNotifiers,
  type FoundationParts,
  functionFoundation,
  type SlackParts,
  SnsNotifier,
  sealingKeySource,
  slackConnection,
  snsClient,
} from '@agentcore/adapters';
import type { SNSClient } from '@aws-sdk/client-sns';
import { parseNotifierConfig } from './config.js';
import type { NotifierDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface NotifierParts extends FoundationParts, SlackParts {
  sns?: SNSClient;
}

/** Builds the completion notifier's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: NotifierParts = {},
): NotifierDeps {
  const config = parseNotifierConfig(env);
  const foundation = functionFoundation('completion-notifier', config, env, parts);
  const { telemetry, stores, target } = foundation;
  const sns = new SnsNotifier(parts.sns ?? snsClient(target), config.NOTIFY_TOPIC_ARN);
  // Requests asked in Slack hear back in their thread; a secret goes to its requester alone.
  const slack = slackConnection(config, foundation, parts);
  const sealingKey = sealingKeySource(target, config);
  const sealedOutputs = sealingKey ? stores.sealedOutputs(sealingKey) : undefined;
  return {
    telemetry,
    approvals: stores.approvals,
    notifier: slack
      ? allNotifiers(sns, slack.notifier(sealedOutputs ? { sealedOutputs } : {}))
      : sns,
  };
}
