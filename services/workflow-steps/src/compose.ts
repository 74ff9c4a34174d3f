import {
  allNotifiers,
  configStorePrompts,
  type FoundationParts,
  functionFoundation,
  mcpToolPinner,
  mcpToolSessions,
  modelPlanner,
  phrasePlanner,
  SfnTaskTokens,
  type SlackParts,
  SnsNotifier,
  slackConnection,
  snsClient,
  stepFunctionsClient,
  storedPolicy,
  type ToolParts,
  toolFoundation,
  withSlackThreadContext,
} from '@agentcore/adapters';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { inferAction, type PolicySource } from '@agentcore/policy';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import { parseWorkflowStepsConfig } from './config.js';
import type { WorkflowStepsDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface WorkflowStepsParts extends FoundationParts, ToolParts, SlackParts {
  sfn?: SFNClient;
  sns?: SNSClient;
  policies?: readonly PolicySource[];
}

/** Builds the workflow steps function's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: WorkflowStepsParts = {},
): WorkflowStepsDeps {
  const config = parseWorkflowStepsConfig(env);
  const foundation = functionFoundation('workflow-steps', config, env, parts);
  const { telemetry, stores, target, clock } = foundation;
  const { mcp, model } = toolFoundation(env, foundation, () => builtinServers(env), parts);
  const policy = storedPolicy(mcp, foundation, config, parts.policies);
  const sns = new SnsNotifier(parts.sns ?? snsClient(target), config.NOTIFY_TOPIC_ARN);
  // Requests asked in Slack get their approval card there too (and in the approvals channel).
  const slack = slackConnection(config, foundation, parts);
  return {
    telemetry,
    approvals: stores.approvals,
    // A model reads the Slack thread a request was asked in; the phrase planner reads words alone.
    planner: model
      ? withSlackThreadContext(
          modelPlanner(
            model,
            mcp,
            (query) => inferAction(query),
            configStorePrompts(stores.config),
          ),
          stores.sessions,
        )
      : phrasePlanner(mcp, { clock, timeZone: config.TIME_ZONE }),
    // Look-ups while planning run only what policy allows outright, audited like any call.
    lookups: { policy, sessions: mcpToolSessions(mcp), audit: stores.audit, clock },
    audit: stores.audit,
    policy,
    maxApprovalSeconds: config.MAX_APPROVAL_SECONDS,
    pinner: mcpToolPinner(mcp),
    notifier: slack ? allNotifiers(sns, slack.notifier()) : sns,
    tokens: new SfnTaskTokens(parts.sfn ?? stepFunctionsClient(target)),
    clock,
  };
}
