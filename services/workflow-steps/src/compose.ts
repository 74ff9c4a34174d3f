import {
  buildMcpClient,
  EnginePolicy,
  type FoundationParts,
  functionFoundation,
  mcpToolPinner,
  modelPlanner,
  policySources,
  SfnTaskTokens,
  SnsNotifier,
  snsClient,
  stepFunctionsClient,
} from '@agentcore/adapters';
import {
  type ModelProvider,
  modelConfigFromEnv,
  NO_MODEL_MESSAGE,
  resolveModelProvider,
} from '@agentcore/agent';
import type { McpClient } from '@agentcore/mcp';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { mcpLogger } from '@agentcore/observability';
import { inferAction, type PolicySource } from '@agentcore/policy';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import { parseWorkflowStepsConfig } from './config.js';
import type { WorkflowStepsDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface WorkflowStepsParts extends FoundationParts {
  sfn?: SFNClient;
  sns?: SNSClient;
  /** `null`: no model, whatever the environment says. */
  model?: ModelProvider | null;
  /** The MCP client, when the caller builds it (with `buildMcpClient`, as here). */
  mcp?: McpClient;
  policies?: readonly PolicySource[];
}

/** Builds the workflow steps function's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: WorkflowStepsParts = {},
): WorkflowStepsDeps {
  const config = parseWorkflowStepsConfig(env);
  const { telemetry, stores, target, clock } = functionFoundation(
    'workflow-steps',
    config,
    env,
    parts,
  );
  const mcp =
    parts.mcp ??
    buildMcpClient({
      env,
      builtins: builtinServers(env),
      config: stores.config,
      audit: stores.audit,
      logger: mcpLogger(telemetry.logger),
    });
  const model =
    parts.model === undefined
      ? resolveModelProvider(modelConfigFromEnv(env))
      : (parts.model ?? undefined);
  return {
    telemetry,
    approvals: stores.approvals,
    planner: model && modelPlanner(model, mcp, (query) => inferAction(query)),
    noModelMessage: NO_MODEL_MESSAGE,
    policy: new EnginePolicy({
      mcp,
      policies: parts.policies ?? policySources(stores.config, config.POLICY_PATH),
      config: { approvalDefaults: { approverGroups: config.DEFAULT_APPROVER_GROUPS } },
      clock,
    }),
    maxApprovalSeconds: config.MAX_APPROVAL_SECONDS,
    pinner: mcpToolPinner(mcp),
    notifier: new SnsNotifier(parts.sns ?? snsClient(target), config.NOTIFY_TOPIC_ARN),
    tokens: new SfnTaskTokens(parts.sfn ?? stepFunctionsClient(target)),
    clock,
  };
}
