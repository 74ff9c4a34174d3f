import {
  type ApprovalItem,
  DecisionVerdictSchema,
  isTerminal,
  LIMITS,
  QualifiedToolNameSchema,
  RequestIdSchema,
  RequestStatusSchema,
} from '@agentcore/core';
import {
  type ApprovalRepository,
  ApproverDecisionSchema,
  type AuditTrail,
  type CancelDeps,
  cancelRequest,
  isNamedApprover,
  loadRequest,
  type RecordDecisionDeps,
  RequestedActionSchema,
  readTimeline,
  recordApproverDecision,
  requestView,
  type SubmitDeps,
  submitRequest,
} from '@agentcore/workflow';
import { streamSSE } from 'hono/streaming';
import * as z from 'zod';
import { HttpError } from '../http-errors.js';
import { hasRole, type Principal } from '../principal.js';
import { closingEvents, eventsOfAuditEntry, type RequestEvent } from '../request-events.js';
import type { ApiContext, ApiRoutes } from '../routing.js';
import type { SubmissionLimit } from '../submission-limit.js';
import { checkToolArguments, type ToolSchemaSource } from '../tool-arguments.js';

export type RequestRoutesDeps = SubmitDeps &
  RecordDecisionDeps &
  CancelDeps & {
    audit: AuditTrail;
    submissions: SubmissionLimit;
    /** The tools' input schemas, which exact calls are checked against before anything is recorded. */
    mcp: ToolSchemaSource;
    stream: { pollMs: number; maxSeconds: number };
  };

const RequestIdParam = RequestIdSchema;

function requestIdOf(params: Record<string, string>): string {
  const parsed = RequestIdParam.safeParse(params.id);
  if (!parsed.success) throw new HttpError(404, 'not_found', `request ${params.id} not found`);
  return parsed.data;
}

/** Requesters see their own requests, approvers those they may decide, admins all. */
export function maySee(principal: Principal, item: ApprovalItem): boolean {
  return (
    principal.roles.includes('admin') ||
    item.requester.userId === principal.userId ||
    (hasRole(principal, 'approver') && isNamedApprover(item, principal))
  );
}

async function visibleRequest(
  approvals: ApprovalRepository,
  principal: Principal,
  requestId: string,
): Promise<ApprovalItem> {
  const item = await loadRequest(approvals, requestId);
  if (!maySee(principal, item)) {
    throw new HttpError(
      403,
      'forbidden',
      `request ${requestId} is not yours, and you are not among its approvers`,
    );
  }
  return item;
}

const WANTS_STREAM = /\btext\/event-stream\b/i;

/** Follows a request as SSE until it ends, the client leaves, or the stream's time is up. */
export function streamRequest(c: ApiContext, deps: RequestRoutesDeps, requestId: string) {
  return streamSSE(c, async (stream) => {
    let left = false;
    stream.onAbort(() => {
      left = true;
    });
    let sent = 0;
    let eventId = 0;
    const send = async (event: RequestEvent) => {
      eventId += 1;
      await stream.writeSSE({
        event: event.type,
        id: String(eventId),
        data: JSON.stringify({ requestId, ...event.data }),
      });
    };
    const deadline = deps.clock().getTime() + deps.stream.maxSeconds * 1000;
    while (!left) {
      const entries = await deps.audit.list(requestId);
      for (const entry of entries.slice(sent)) {
        for (const event of eventsOfAuditEntry(entry)) await send(event);
      }
      sent = entries.length;
      const item = await loadRequest(deps.approvals, requestId);
      if (isTerminal(item.status)) {
        for (const event of closingEvents(item)) await send(event);
        break;
      }
      if (deps.clock().getTime() >= deadline) {
        await send({
          type: 'status',
          data: { status: item.status, note: 'stream time is up; follow again to continue' },
        });
        break;
      }
      await stream.sleep(deps.stream.pollMs);
    }
  });
}

const ListQuerySchema = z.object({
  status: RequestStatusSchema.optional(),
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2_048).optional(),
});

export const DecisionBodySchema = z.object({
  verdict: DecisionVerdictSchema,
  comment: z.string().trim().max(LIMITS.comment).optional(),
  /** Approve fewer tools than were asked for; all of them when absent. */
  allowedTools: z.array(QualifiedToolNameSchema).min(1).max(LIMITS.tools).optional(),
  /** The request's `callsDigest` as you read it: refused (409) if its calls changed since. */
  callsDigest: ApproverDecisionSchema.shape.callsDigest,
});

/** An approver's vote as the principal authenticated at the edge: the same rules everywhere. */
export function decideAs(
  deps: RecordDecisionDeps,
  principal: Principal,
  requestId: string,
  decision: z.output<typeof DecisionBodySchema>,
): Promise<ApprovalItem> {
  return recordApproverDecision(
    {
      ...deps,
      // The approver's groups are the ones the directory gave at authentication.
      directory: { groupsOf: async () => [...principal.groups] },
    },
    { requestId, approver: principal.userId, ...decision },
  );
}

export function requestRoutes(routes: ApiRoutes, deps: RequestRoutesDeps): void {
  for (const path of ['/requests', '/agent/run']) {
    routes.add(
      {
        method: 'post',
        path,
        summary:
          path === '/requests'
            ? 'Ask for something: a query in plain words, or exact tool calls. The requester is you.'
            : 'The seed system’s name for POST /requests.',
        tag: 'requests',
        access: 'requester',
        body: RequestedActionSchema,
        responses: {
          202: 'recorded; the workflow decides what happens',
          200: 'with Accept: text/event-stream, the request’s events until it ends',
          400: 'invalid body',
          429: 'too many submissions',
        },
        streams: true,
      },
      async (c, { principal, body }) => {
        deps.submissions.take(principal.keyId ?? principal.userId);
        await checkToolArguments(deps.mcp, body.toolCalls);
        const { requestId } = await submitRequest(deps, {
          ...body,
          requester: {
            userId: principal.userId,
            ...(principal.email ? { email: principal.email } : {}),
            groups: [...principal.groups],
          },
          origin: { source: 'api' },
        });
        if (WANTS_STREAM.test(c.req.header('accept') ?? '')) {
          return streamRequest(c, deps, requestId);
        }
        return c.json({ requestId, status: 'received', links: links(requestId) }, 202);
      },
    );
  }

  routes.add(
    {
      method: 'get',
      path: '/requests',
      summary:
        'Requests, newest first: yours (mine=true, or always for requesters), those you may decide (approvers), or all (admins). Pages may hold fewer than limit.',
      tag: 'requests',
      access: 'requester',
      query: ListQuerySchema,
      responses: { 200: 'a page of requests' },
    },
    async (c, { principal, query }) => {
      const mine = query.mine === 'true' || !hasRole(principal, 'approver');
      const page = mine
        ? await deps.approvals.listByRequester(principal.userId, query)
        : await deps.approvals.listByStatus(query.status ?? 'pending', query);
      const items = page.items.filter(
        (item) =>
          (query.status === undefined || item.status === query.status) && maySee(principal, item),
      );
      return c.json({
        requests: items.map(requestView),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/requests/:id',
      summary: 'One request: what was asked, policy’s verdict, votes, what ran.',
      tag: 'requests',
      access: 'requester',
      responses: { 200: 'the request', 403: 'not yours to see', 404: 'no such request' },
    },
    async (c, { principal, params }) => {
      const item = await visibleRequest(deps.approvals, principal, requestIdOf(params));
      return c.json({ request: requestView(item) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/requests/:id/events',
      summary: 'Follow a request as server-sent events until it ends.',
      tag: 'requests',
      access: 'requester',
      responses: { 200: 'text/event-stream' },
      streams: true,
    },
    async (c, { principal, params }) => {
      const item = await visibleRequest(deps.approvals, principal, requestIdOf(params));
      return streamRequest(c, deps, item.requestId);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/requests/:id/timeline',
      summary: 'What happened to a request, step by step, oldest first.',
      tag: 'requests',
      access: 'requester',
      responses: { 200: 'the timeline' },
    },
    async (c, { principal, params }) => {
      const item = await visibleRequest(deps.approvals, principal, requestIdOf(params));
      return c.json(await readTimeline(deps, item.requestId));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/requests/:id/decision',
      summary:
        'Approve or reject as yourself. Policy names the approvers; the requester may not approve their own request unless policy allows it.',
      tag: 'requests',
      access: 'approver',
      body: DecisionBodySchema,
      responses: {
        200: 'recorded',
        403: 'not an approver of this request',
        409: 'already decided, or expired',
      },
    },
    async (c, { principal, params, body }) => {
      const decided = await decideAs(deps, principal, requestIdOf(params), body);
      return c.json({ request: requestView(decided) });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/requests/:id/cancel',
      summary: 'Withdraw your own request while it waits for approval.',
      tag: 'requests',
      access: 'requester',
      responses: { 200: 'cancelled', 403: 'not your request', 409: 'no longer waiting' },
    },
    async (c, { principal, params }) => {
      const cancelled = await cancelRequest(deps, {
        requestId: requestIdOf(params),
        requesterId: principal.userId,
      });
      return c.json({ request: requestView(cancelled) });
    },
  );
}

function links(requestId: string) {
  return {
    self: `/requests/${requestId}`,
    events: `/requests/${requestId}/events`,
    timeline: `/requests/${requestId}/timeline`,
  };
}
