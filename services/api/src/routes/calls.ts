import { mcpToolPinner } from '@agentcore/adapters';
import { type ApprovalItem, LIMITS, RequestIdSchema } from '@agentcore/core';
import {
  type AmendCallsDeps,
  amendProposedCalls,
  applyCallEdits,
  assertMayDecide,
  CallEditSchema,
  loadRequest,
  requestView,
} from '@agentcore/workflow';
import * as z from 'zod';
import { HttpError } from '../http-errors.js';
import type { Principal } from '../principal.js';
import type { ApiRoutes } from '../routing.js';
import { checkToolArguments, type ToolSchemaSource } from '../tool-arguments.js';

export const EditBodySchema = z.object({
  /** New arguments for proposed calls, each by its position (0 is the first call). */
  edits: z.array(CallEditSchema).min(1).max(LIMITS.tools),
  comment: z.string().trim().max(LIMITS.comment).optional(),
});

/** What the route needs: the amend use-case's ports, and the MCP client (schemas and pins). */
export type CallRoutesDeps = Omit<AmendCallsDeps, 'pinner'> & {
  mcp: ToolSchemaSource & Parameters<typeof mcpToolPinner>[0];
};

/** The approver's groups are the ones the directory gave at authentication. */
function directoryOf(principal: Principal) {
  return { groupsOf: async () => [...principal.groups] };
}

/** New arguments for a pending request's calls, as an approver authenticated at the edge. */
export async function amendCallsAs(
  deps: CallRoutesDeps,
  principal: Principal,
  requestId: string,
  body: z.output<typeof EditBodySchema>,
): Promise<ApprovalItem> {
  const directory = directoryOf(principal);
  const item = await loadRequest(deps.approvals, requestId);
  // Who may edit is checked before anything about the request's calls is said.
  await assertMayDecide({ directory }, item, principal.userId, 'approved');
  if (item.status === 'pending') {
    // Checked against the tools' input schemas here, at the edge, as submissions are.
    await checkToolArguments(deps.mcp, applyCallEdits(item, body.edits).calls);
  }
  return amendProposedCalls(
    {
      approvals: deps.approvals,
      directory,
      clock: deps.clock,
      policy: deps.policy,
      pinner: mcpToolPinner(deps.mcp),
      tokens: deps.tokens,
    },
    { requestId: item.requestId, editor: principal.userId, ...body },
  );
}

/** Edit before approve: an approver amends the arguments of a pending request's exact calls. */
export function callRoutes(routes: ApiRoutes, deps: CallRoutesDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/requests/:id/calls',
      summary:
        'Amend the arguments of proposed calls before approving (same tools). Policy decides the edited calls again, and the votes cast so far no longer count.',
      tag: 'requests',
      access: 'approver',
      body: EditBodySchema,
      responses: {
        200: 'amended (still pending), or denied by policy',
        400: 'no such call, or arguments that do not fit the tool',
        403: 'not an approver of this request',
        409: 'no longer waiting for approval, or expired',
      },
    },
    async (c, { principal, params, body }) => {
      const requestId = RequestIdSchema.safeParse(params.id);
      if (!requestId.success) {
        throw new HttpError(404, 'not_found', `request ${params.id} not found`);
      }
      const amended = await amendCallsAs(deps, principal, requestId.data, body);
      return c.json({ request: requestView(amended) });
    },
  );
}
