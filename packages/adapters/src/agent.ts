import {
  AgentError,
  EXECUTION_SYSTEM_PROMPT,
  executionPrompt,
  type FallbackInference,
  type ModelProvider,
  type PlannerPromptSource,
  planFromWords,
  proposeAction,
  runAgent,
} from '@agentcore/agent';
import type { McpClient } from '@agentcore/mcp';
import type { AgentRunner, Planner } from '@agentcore/workflow';

/**
 * Planning with the model: it sees every tool the servers offer (names, descriptions, schemas)
 * and proposes an action; invalid proposals fall back to the deterministic inference. Its
 * instructions come from `prompts` when one is saved there, else the default.
 */
export function modelPlanner(
  model: ModelProvider,
  mcp: McpClient,
  fallback: FallbackInference,
  prompts?: PlannerPromptSource,
): Planner {
  return {
    propose: async (input, signal) => {
      const catalog = await mcp.listTools();
      const instructions = await prompts?.plannerInstructions();
      const { action } = await proposeAction({
        ...(instructions !== undefined ? { instructions } : {}),
        model,
        query: input.query,
        requester: input.requester,
        origin: input.origin,
        environment: input.environment,
        tools: catalog.tools.map((tool) => ({
          name: tool.name,
          description: tool.description,
          inputSchema: tool.inputSchema,
        })),
        fallback,
        signal,
      });
      const { requester: _requester, origin: _origin, query: _query, ...proposal } = action;
      return proposal;
    },
  };
}

/**
 * Planning without a model: the phrase planner turns the requests people write most into exact
 * calls of the tools the servers offer, and answers anything else with what it can do.
 */
export function phrasePlanner(mcp: McpClient): Planner {
  return {
    propose: async (input) => {
      const catalog = await mcp.listTools();
      const plan = planFromWords(
        input.query,
        catalog.tools.map((tool) => tool.name),
      );
      if ('notUnderstood' in plan) return plan;
      return {
        summary: plan.summary,
        category: plan.category,
        ...(plan.resource !== undefined ? { resource: plan.resource } : {}),
        environment: input.environment,
        intendedTools: [...new Set(plan.calls.map((call) => call.tool))],
        toolCalls: plan.calls,
      };
    },
  };
}

/** Execution with the model, over a session that exposes only the approved tools. */
export function modelAgentRunner(model: ModelProvider): AgentRunner {
  return {
    run: async ({ item, session }, signal) => {
      const result = await runAgent({
        model,
        system: EXECUTION_SYSTEM_PROMPT,
        prompt: executionPrompt(item.action),
        tools: {
          listTools: () => session.listTools(),
          callTool: (name, args, callSignal) => session.callTool(name, args, callSignal),
        },
        signal,
      }).catch((error: unknown) => {
        // A refused call (not allowed, changed since approval) is the run's real failure.
        if (
          error instanceof AgentError &&
          error.code === 'tool_failed' &&
          error.cause instanceof Error
        ) {
          throw error.cause;
        }
        throw error;
      });
      if (result.outcome !== 'completed') {
        throw new AgentError(
          'model_failed',
          `the agent stopped early (${result.outcome}): ${result.text}`,
        );
      }
      return { output: result.text };
    },
  };
}
