import { parseOrThrow, RequestIdSchema } from '@agentcore/core';
import { type ApprovalRepository, type Notifier, notifyRequester } from '@agentcore/workflow';
import { z } from 'zod';

export const NotifyEventSchema = z.object({
  step: z.literal('notify'),
  requestId: RequestIdSchema,
});

/** The completion notifier: formats the final result and sends it to the requester. */
export function createHandler(deps: { approvals: ApprovalRepository; notifier: Notifier }) {
  return async (event: unknown): Promise<null> => {
    const { requestId } = parseOrThrow(NotifyEventSchema, event, 'event');
    await notifyRequester(deps, requestId);
    return null;
  };
}
