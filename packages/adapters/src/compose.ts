import type { ModelProvider } from '@agentcore/agent';
import type { McpClient } from '@agentcore/mcp';
import { inferAction, type PolicyConfigInput, type PolicySource } from '@agentcore/policy';
import type { ApprovalRepository, Clock, Notifier, Planner } from '@agentcore/workflow';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { modelAgentRunner, modelPlanner } from './agent.js';
import { staticDirectory } from './directory.js';
import { mcpToolPinner, mcpToolSessions } from './mcp-tools.js';
import { EnginePolicy } from './policy.js';
import { SfnExecutionStarter, SfnTaskTokens } from './step-functions.js';

export interface ServiceWiring {
  approvals: ApprovalRepository;
  sfn: SFNClient;
  stateMachineArn: string;
  mcp: McpClient;
  notifier: Notifier;
  /** Shown when a natural-language request arrives and no model is configured. */
  noModelMessage: string;
  model?: ModelProvider;
  policies?: readonly PolicySource[] | (() => Promise<readonly PolicySource[] | undefined>);
  policyConfig?: PolicyConfigInput;
  /** Who belongs to which group, for approver rules naming groups. */
  groups?: Readonly<Record<string, readonly string[]>>;
  maxApprovalSeconds?: number;
  clock?: Clock;
}

/**
 * The dependencies of our three functions from one set of clients: what a Lambda cold start
 * and the local runtime both build, so the two can never wire the workflow differently.
 */
export function composeServices(wiring: ServiceWiring) {
  const clock = wiring.clock ?? (() => new Date());
  const planner: Planner | undefined =
    wiring.model && modelPlanner(wiring.model, wiring.mcp, (query) => inferAction(query));
  const executions = new SfnExecutionStarter(wiring.sfn, wiring.stateMachineArn);
  const approval = {
    approvals: wiring.approvals,
    executions,
    tokens: new SfnTaskTokens(wiring.sfn),
    notifier: wiring.notifier,
    pinner: mcpToolPinner(wiring.mcp),
    policy: new EnginePolicy({
      mcp: wiring.mcp,
      policies: wiring.policies,
      config: wiring.policyConfig,
      clock,
    }),
    planner,
    directory: staticDirectory(wiring.groups ?? {}),
    clock,
    noModelMessage: wiring.noModelMessage,
    maxApprovalSeconds: wiring.maxApprovalSeconds ?? 60 * 60,
  };
  const execute = {
    approvals: wiring.approvals,
    sessions: mcpToolSessions(wiring.mcp),
    agent: wiring.model && modelAgentRunner(wiring.model),
    clock,
    executions,
    noModelMessage: planner ? undefined : wiring.noModelMessage,
  };
  const notifier = { approvals: wiring.approvals, notifier: wiring.notifier };
  return { approval, execute, notifier };
}
