import type { EnginePolicy } from '@agentcore/adapters';
import { LIMITS, ProposedActionSchema, parseOrThrow, RetryableError } from '@agentcore/core';
import type { McpClient } from '@agentcore/mcp';
import { InvalidPolicyError } from '@agentcore/policy';
import * as z from 'zod';
import { decisionView } from '../policy-views.js';
import type { Principal } from '../principal.js';
import type { ApiRoutes } from '../routing.js';

export interface ToolRoutesDeps {
  mcp: Pick<McpClient, 'listTools'>;
  policy: Pick<EnginePolicy, 'inForce'>;
}

const ToolsQuerySchema = z.object({
  /** The environment policy is asked about, as a request would name it. */
  environment: z.string().trim().min(1).max(32).default('dev'),
});

/** Every tool, with what policy says if `principal` asked for it alone in `environment`. */
export async function toolsWithPolicy(
  deps: ToolRoutesDeps,
  principal: Principal,
  environment: string,
) {
  const [catalog, active] = await Promise.all([
    deps.mcp.listTools(),
    // The tools are worth listing even while policy cannot be built (a server it names is down,
    // or a tool it names is gone).
    deps.policy.inForce().catch((error: unknown) => {
      if (error instanceof RetryableError || error instanceof InvalidPolicyError) return error;
      throw error;
    }),
  ]);
  const requester = { userId: principal.userId, groups: [...principal.groups] };
  const tools = catalog.tools.map((tool) => {
    const action = parseOrThrow(
      ProposedActionSchema,
      {
        requester,
        origin: { source: 'api' },
        query: `Run ${tool.displayName}`,
        summary: `Run ${tool.displayName}`.slice(0, LIMITS.summary),
        environment,
        intendedTools: [tool.name],
      },
      'tool question',
    );
    return {
      name: tool.name,
      server: tool.alias,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description,
      annotations: tool.annotations,
      inputSchema: tool.inputSchema,
      ...(active instanceof Error ? {} : { policy: decisionView(active.engine.decide(action)) }),
    };
  });
  return {
    tools,
    unavailable: catalog.unavailable.map(({ alias, code, message }) => ({
      server: alias,
      code,
      message,
    })),
    ...(active instanceof Error ? { policyUnavailable: active.message } : {}),
  };
}

/** What can be called, and what policy says when you ask for each tool alone. */
export function toolRoutes(routes: ApiRoutes, deps: ToolRoutesDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/tools',
      summary:
        'The tools you can ask for (alias__tool), each with what policy says if you asked for it alone, and the servers that could not be reached.',
      tag: 'tools',
      access: 'requester',
      query: ToolsQuerySchema,
      responses: { 200: '{tools, unavailable}' },
    },
    async (c, { principal, query }) =>
      c.json(await toolsWithPolicy(deps, principal, query.environment)),
  );
}
