import {
  chainedApprovalEvidence,
  type FoundationParts,
  functionFoundation,
  mcpToolSessions,
  sealingKeySource,
  type ToolParts,
  toolClient,
} from '@agentcore/adapters';
import { builtinServers } from '@agentcore/mcp-servers-builtin';
import { parseExecuteConfig } from './config.js';
import type { ExecuteServiceDeps } from './handler.js';

/** What the local runtime and tests hand in instead of what a Lambda builds for itself. */
export interface ExecuteParts extends FoundationParts, Pick<ToolParts, 'mcp'> {}

/** Builds the execute function's dependencies, once per cold start. */
export function compose(
  env: Readonly<Record<string, string | undefined>>,
  parts: ExecuteParts = {},
): ExecuteServiceDeps {
  const config = parseExecuteConfig(env);
  const foundation = functionFoundation('execute', config, env, parts);
  const { telemetry, stores, clock, target } = foundation;
  const sealingKey = sealingKeySource(target, config);
  // No model here: the executor runs the approved calls exactly, it does not improvise.
  const mcp = toolClient(env, foundation, () => builtinServers(env), parts);
  return {
    telemetry,
    approvals: stores.approvals,
    sessions: mcpToolSessions(mcp),
    // A tool's secret is sealed for the requester and never printed by this function.
    sensitiveOutputs: {
      ...(sealingKey ? { vault: stores.sealedOutputs(sealingKey) } : {}),
      redact: (value) => telemetry.logger.redactValue(value),
    },
    audit: stores.audit,
    evidence: chainedApprovalEvidence(stores.audit),
    clock,
  };
}
