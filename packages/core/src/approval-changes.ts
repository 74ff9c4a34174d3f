import * as z from 'zod';
import { ProposedActionSchema } from './action.js';
import {
  type ApprovalItem,
  ApprovalItemSchema,
  DecisionSchema,
  EarlierStepSchema,
  MAX_STEPS,
} from './approval.js';
import { StatusConflictError, ValidationError } from './errors.js';
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

/**
 * Starting a request's next step: the step that just ran is kept as an earlier step, and the
 * request is received again with the planner's next intent and none of the last step's policy
 * verdict, votes, approval or pins: the next calls are judged and approved on their own.
 */
export const NextStepSchema = z.object({
  actor: z.string().min(1).max(256),
  /** The step that ran; the request must still be in it (its `step`) and `executing`. */
  finished: EarlierStepSchema,
  /** The action to plan next: the request's words and what the planner said comes next. */
  action: ProposedActionSchema.refine((action) => action.toolCalls === undefined, {
    message: 'the next step is planned from words; its calls are not known yet',
  }),
});
export type NextStep = z.input<typeof NextStepSchema>;

/** What belonged to the step that ran and is cleared when the next one starts. */
export const STEP_FIELDS = [
  'policy',
  'decision',
  'approvedDigest',
  'expiresAt',
  'taskToken',
  'result',
  'statusReason',
] as const satisfies readonly (keyof ApprovalItem)[];

/**
 * The write that starts the next step of `current`, for both approval repositories: the fields
 * to set, those to clear (STEP_FIELDS), and what the audit says. Refused unless `current` is
 * still executing the step that finished, and while steps remain.
 */
export function nextStepWrite(current: ApprovalItem, input: NextStep) {
  const next = NextStepSchema.parse(input);
  if (current.status !== 'executing' || current.step !== next.finished.step) {
    throw new StatusConflictError(
      current.requestId,
      `executing step ${next.finished.step}`,
      `${current.status} in step ${current.step}`,
    );
  }
  if (current.step >= MAX_STEPS) {
    throw new ValidationError('next step', [
      { path: 'step', message: `a request takes at most ${MAX_STEPS} steps` },
    ]);
  }
  const step = current.step + 1;
  const set = {
    status: 'received' as const,
    step,
    earlierSteps: [...current.earlierSteps, next.finished],
    action: next.action,
    intendedTools: [],
    allowedTools: [],
    toolPins: {},
    votes: [],
  };
  const audit = {
    from: 'executing',
    to: 'received',
    step,
    finishedStep: next.finished.step,
    ranCalls: next.finished.result.toolCalls.length,
    nextStep: next.action.nextStep ?? null,
  };
  return { set, clear: STEP_FIELDS, audit };
}

/** A page of a newest-first listing. */
export const PageOptionsSchema = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2_048).optional(),
});
export type PageOptions = z.input<typeof PageOptionsSchema>;
