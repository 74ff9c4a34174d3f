import { RequestStatusSchema } from '@agentcore/core';
import * as z from 'zod';
import type { ApprovalRepository, AuditEntry, AuditTrail } from '../ports.js';
import { type RequestView, requestView } from '../views.js';
import { loadRequest } from './load.js';

/** One request as callers may see it. */
export async function readRequest(
  approvals: ApprovalRepository,
  requestId: string,
): Promise<RequestView> {
  return requestView(await loadRequest(approvals, requestId));
}

export const ListRequestsInputSchema = z.object({
  status: RequestStatusSchema.default('pending'),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2_048).optional(),
});

/** Requests in one status, newest first, a page at a time. */
export async function listRequests(
  approvals: ApprovalRepository,
  input: z.output<typeof ListRequestsInputSchema>,
): Promise<{ requests: RequestView[]; nextCursor?: string }> {
  const page = await approvals.listByStatus(input.status, {
    limit: input.limit,
    cursor: input.cursor,
  });
  return { requests: page.items.map(requestView), nextCursor: page.nextCursor };
}

/**
 * What happened to a request, step by step, oldest first: every status change, amendment and
 * vote, and every tool call the MCP layer refused, each with who did it and when.
 */
export async function readTimeline(
  deps: { approvals: ApprovalRepository; audit: AuditTrail },
  requestId: string,
): Promise<{ requestId: string; events: AuditEntry[] }> {
  await loadRequest(deps.approvals, requestId);
  const events = await deps.audit.list(requestId);
  return {
    requestId,
    events: events.map(({ seq, at, type, actor, data }) => ({ seq, at, type, actor, data })),
  };
}
