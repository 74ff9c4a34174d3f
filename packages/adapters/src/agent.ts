import {
  type FallbackInference,
  type ModelProvider,
  type PlannerPromptSource,
  planFromWords,
  proposeAction,
} from '@agentcore/agent';
import type { McpClient } from '@agentcore/mcp';
import type { Planner } from '@agentcore/workflow';

/**
 * Planning with the model: it sees every tool the servers offer (names, descriptions, schemas)
 * and proposes an action with exact calls, after looking up what it needs with the read-only
 * tools when the workflow lets it; invalid proposals fall back to the deterministic inference
 * (which names no calls, so such a request ends as not understood). Its
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
      const specs = catalog.tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: tool.inputSchema,
      }));
      // Offered as look-ups: the tools that say they only read. Policy still judges each call.
      const readOnly = new Set(
        catalog.tools.filter((tool) => tool.annotations.readOnlyHint === true).map((t) => t.name),
      );
      const { lookup } = input;
      const { action } = await proposeAction({
        ...(instructions !== undefined ? { instructions } : {}),
        model,
        query: input.query,
        requester: input.requester,
        origin: input.origin,
        environment: input.environment,
        steps: {
          ...(input.earlierSteps ? { earlierSteps: input.earlierSteps } : {}),
          ...(input.intent ? { intent: input.intent } : {}),
          ...(input.lastStep ? { lastStep: true } : {}),
        },
        tools: specs,
        ...(lookup
          ? {
              lookups: {
                tools: specs.filter((spec) => readOnly.has(spec.name)),
                call: (name, args, callSignal) =>
                  lookup({ tool: name, arguments: args }, callSignal),
              },
            }
          : {}),
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
 * calls of the tools the servers offer, and answers anything else with what it can do. Days and
 * times ("tomorrow at 10") are read at the clock's present, in the deployment's time zone.
 */
export function phrasePlanner(
  mcp: McpClient,
  time: { clock?: () => Date; timeZone?: string } = {},
): Planner {
  return {
    propose: async (input) => {
      const catalog = await mcp.listTools();
      const plan = planFromWords(
        input.query,
        catalog.tools.map((tool) => tool.name),
        {
          ...(time.clock ? { now: time.clock() } : {}),
          ...(time.timeZone ? { timeZone: time.timeZone } : {}),
        },
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
