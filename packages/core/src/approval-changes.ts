import { z } from 'zod';
import { ApprovalItemSchema, DecisionSchema } from './approval.js';
import { RequestStatusSchema } from './status.js';

/**
 * What an approval repository accepts: one definition for the DynamoDB repository and the
 * in-memory one, so both refuse the same input the same way.
 */
export const NewApprovalSchema = ApprovalItemSchema.pick({
  requestId: true,
  requester: true,
  action: true,
  intendedTools: true,
}).extend({ executionArn: ApprovalItemSchema.shape.executionArn.unwrap() });
export type NewApproval = z.input<typeof NewApprovalSchema>;

/** What a status change may set besides the status itself. */
export const StatusChangesSchema = ApprovalItemSchema.pick({
  action: true,
  policy: true,
  intendedTools: true,
  allowedTools: true,
  toolPins: true,
  taskToken: true,
  expiresAt: true,
  result: true,
  statusReason: true,
})
  .extend({
    /** Only ever emptied: an approver's edit makes the votes cast on the earlier calls void. */
    votes: z.array(DecisionSchema).max(0, 'votes can only be cleared; decisions record votes'),
  })
  .partial()
  .strict();
export type StatusChanges = z.input<typeof StatusChangesSchema>;

export const TransitionSchema = z.object({
  from: RequestStatusSchema,
  to: RequestStatusSchema,
  actor: z.string().min(1).max(256),
  changes: StatusChangesSchema.default({}),
});
export type Transition = z.input<typeof TransitionSchema>;

/**
 * What the audit trail says of a status change: the move, why, and, when it stores a policy
 * verdict, what policy decided and which policies decided it.
 */
export function statusChangeAuditData(transition: z.output<typeof TransitionSchema>) {
  const { policy, statusReason } = transition.changes;
  return {
    from: transition.from,
    to: transition.to,
    reason: statusReason ?? null,
    ...(policy ? { policy: policy.outcome, policyIds: policy.policyIds } : {}),
  };
}

export const AmendmentSchema = z.object({
  /** The status the request must still be in; the amendment does not change it. */
  status: RequestStatusSchema,
  actor: z.string().min(1).max(256),
  changes: StatusChangesSchema,
  /** What the audit event says besides the fields changed (an edit's before and after). */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Amendment = z.input<typeof AmendmentSchema>;

/** A page of a newest-first listing. */
export const PageOptionsSchema = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2_048).optional(),
});
export type PageOptions = z.input<typeof PageOptionsSchema>;
