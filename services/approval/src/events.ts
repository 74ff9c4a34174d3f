import { RequestIdSchema, RequestStatusSchema } from '@agentcore/core';
import {
  ApprovalDecisionInputSchema,
  RequestApprovalInputSchema,
  SubmitRequestSchema,
  WorkflowErrorInputSchema,
} from '@agentcore/workflow';
import { z } from 'zod';

const byId = { requestId: RequestIdSchema };

/** Everything the approval function is invoked with: by the state machine, the CLI and the API. */
export const ApprovalEventSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('submit'), request: SubmitRequestSchema }),
  z.object({ step: z.literal('plan'), ...byId }),
  z.object({ step: z.literal('decide'), ...byId }),
  RequestApprovalInputSchema.extend({ step: z.literal('request_approval') }),
  z.object({ step: z.literal('decide_approval'), decision: ApprovalDecisionInputSchema }),
  z.object({ step: z.literal('expire'), ...byId }),
  z.object({ step: z.literal('fail'), ...byId, error: WorkflowErrorInputSchema }),
  z.object({ step: z.literal('status'), ...byId }),
  z.object({
    step: z.literal('list'),
    status: RequestStatusSchema.default('pending'),
    limit: z.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2_048).optional(),
  }),
]);
export type ApprovalEvent = z.input<typeof ApprovalEventSchema>;
