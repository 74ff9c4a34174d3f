import * as z from 'zod';
import {
  type ApprovalCategory,
  ApprovalCategorySchema,
  LIMITS,
  ProposedActionSchema,
  QualifiedToolNameSchema,
  RequesterSchema,
  ToolCallSchema,
} from './action.js';
import { RequestIdSchema } from './ids.js';
import { DecisionVerdictSchema, PolicyOutcomeSchema } from './outcome.js';
import { RequestStatusSchema } from './status.js';

const IsoTimeSchema = z.iso.datetime({ offset: true });

/** Who may approve, how many must, and for how long the request waits: decided by policy. */
export const ApprovalRequirementsSchema = z.object({
  approverUserIds: z.array(z.string().min(1)).default([]),
  approverGroups: z.array(z.string().min(1)).default([]),
  quorum: z.number().int().min(1).max(10).default(1),
  allowSelfApproval: z.boolean().default(false),
  expiresInSeconds: z.number().int().min(1).max(31_536_000).default(3_600),
});
export type ApprovalRequirements = z.infer<typeof ApprovalRequirementsSchema>;

export const PolicyDecisionSchema = z.object({
  outcome: PolicyOutcomeSchema,
  /** Ids of the policies that decided; empty when the environment's default applied. */
  policyIds: z.array(z.string()).default([]),
  reason: z.string().min(1).max(LIMITS.summary),
  approval: ApprovalRequirementsSchema.optional(),
  /** The stored policy set's version that decided (0: the defaults); bound by approvals. */
  policyVersion: z.number().int().min(0).optional(),
  /**
   * The request's category as policy derived it from its calls' tools (the riskiest of them),
   * never from what the requester or planner said: what approvers are shown as its risk.
   */
  category: ApprovalCategorySchema.optional(),
});
export type PolicyDecision = z.infer<typeof PolicyDecisionSchema>;

/** The category to show for a request: policy's, derived from its calls, once it has one. */
export function requestCategory(item: Pick<ApprovalItem, 'policy' | 'action'>): ApprovalCategory {
  return item.policy?.category ?? item.action.category;
}

/** One approver's recorded answer. */
export const DecisionSchema = z.object({
  verdict: DecisionVerdictSchema,
  approver: z.string().trim().min(1).max(256),
  decidedAt: IsoTimeSchema,
  comment: z.string().max(LIMITS.comment).optional(),
  /** The tools this decision authorises; a subset of the intended ones. */
  allowedTools: z.array(QualifiedToolNameSchema).max(LIMITS.tools).default([]),
  /**
   * The digest of the calls the approver saw (calls, pins, policy version): the vote is refused
   * when the request's calls have changed since, so it never counts for calls nobody showed them.
   */
  callsDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the callsDigest of the request as you read it')
    .optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;

/** The vote was for calls other than those the request holds now (someone edited them). */
export function votesForOtherCalls(decision: Decision, currentDigest: string): boolean {
  return decision.callsDigest !== undefined && decision.callsDigest !== currentDigest;
}

/**
 * What a quorum authorises: only the tools every approving vote approved (the sets intersect),
 * so no tool runs on fewer approvals than the quorum.
 */
export function toolsApprovedByAll(votes: readonly Decision[]): string[] {
  const approving = votes.filter((vote) => vote.verdict === 'approved');
  const [first, ...rest] = approving;
  if (!first) return [];
  return first.allowedTools.filter((tool) =>
    rest.every((vote) => vote.allowedTools.includes(tool)),
  );
}

export const ToolCallOutcomeSchema = ToolCallSchema.extend({
  ok: z.boolean(),
  output: z.string().max(LIMITS.output).optional(),
  error: z.string().max(LIMITS.comment).optional(),
});
export type ToolCallOutcome = z.infer<typeof ToolCallOutcomeSchema>;

export const ExecutionResultSchema = z.object({
  outcome: z.enum(['completed', 'failed']),
  output: z.string().max(LIMITS.output),
  toolCalls: z.array(ToolCallOutcomeSchema).max(256).default([]),
  error: z.object({ code: z.string().min(1), message: z.string().max(LIMITS.comment) }).optional(),
  startedAt: IsoTimeSchema,
  finishedAt: IsoTimeSchema,
});
export type ExecutionResult = z.infer<typeof ExecutionResultSchema>;

/** How many steps (plan, decide, run) one request may take: look up, then act, then report. */
export const MAX_STEPS = 3;

/** A step of the request that ran before the current one: what it ran, who approved, how it went. */
export const EarlierStepSchema = z.object({
  step: z.number().int().min(1).max(MAX_STEPS),
  summary: z.string().max(LIMITS.summary),
  policy: PolicyDecisionSchema.optional(),
  decision: DecisionSchema.optional(),
  approvedDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** What ran, with each call's arguments and outcome (outputs capped: see result-size). */
  result: ExecutionResultSchema,
});
export type EarlierStep = z.infer<typeof EarlierStepSchema>;

/** The durable record of one request, from receipt to its terminal status. */
export const ApprovalItemSchema = z.object({
  requestId: RequestIdSchema,
  status: RequestStatusSchema,
  /** Incremented by every write; lets readers detect that they hold a stale copy. */
  version: z.number().int().min(1),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  requester: RequesterSchema,
  action: ProposedActionSchema,
  policy: PolicyDecisionSchema.optional(),
  intendedTools: z.array(QualifiedToolNameSchema).max(LIMITS.tools).default([]),
  allowedTools: z.array(QualifiedToolNameSchema).max(LIMITS.tools).default([]),
  /** Hash of each allowed tool's definition at approval time, by qualified name. */
  toolPins: z.record(z.string(), z.string()).default({}),
  /** The one state machine execution that may act on this request (named after it). */
  executionArn: z.string().min(1).max(2_048).optional(),
  taskToken: z.string().min(1).max(2_048).optional(),
  expiresAt: IsoTimeSchema.optional(),
  /** Approvals counted so far towards the quorum; the deciding one is also in `decision`. */
  votes: z.array(DecisionSchema).max(10).default([]),
  decision: DecisionSchema.optional(),
  /**
   * Set with the approving decision: the digest of the exact calls, tool pins and policy
   * version approved (approvedCallsDigest). The executor runs nothing that does not match it.
   */
  approvedDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  result: ExecutionResultSchema.optional(),
  /** Why the request ended as it did, for failed, denied and expired requests. */
  statusReason: z.string().max(LIMITS.comment).optional(),
  /** The step the fields above belong to (1 unless a run came back to planning). */
  step: z.number().int().min(1).max(MAX_STEPS).default(1),
  /** The steps that ran before this one, oldest first. */
  earlierSteps: z
    .array(EarlierStepSchema)
    .max(MAX_STEPS - 1)
    .default([]),
});
export type ApprovalItem = z.infer<typeof ApprovalItemSchema>;
export type ApprovalItemInput = z.input<typeof ApprovalItemSchema>;
