import { RequestIdSchema } from '@agentcore/core';
import { z } from 'zod';
import { ListRequestsInputSchema } from './use-cases/read.js';
import { ApproverDecisionSchema } from './use-cases/record-decision.js';
import { SubmitRequestSchema } from './use-cases/submit.js';

/**
 * What people may ask of the system (the request API): submit, decide as an approver, read a
 * request or its timeline, list. Front doors (the CLI's function today, the HTTP API and Slack next) send these; none
 * of them reaches a step of the workflow.
 */
export const RequestApiEventSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('submit'), request: SubmitRequestSchema }),
  z.object({ operation: z.literal('record_decision'), decision: ApproverDecisionSchema }),
  z.object({ operation: z.literal('get_request'), requestId: RequestIdSchema }),
  z.object({ operation: z.literal('get_timeline'), requestId: RequestIdSchema }),
  ListRequestsInputSchema.extend({ operation: z.literal('list_requests') }),
]);
export type RequestApiEvent = z.input<typeof RequestApiEventSchema>;
