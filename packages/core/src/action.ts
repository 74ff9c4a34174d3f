import * as z from 'zod';

/** Limits that keep one request well inside a DynamoDB item (400 KB) and a Slack message. */
export const LIMITS = {
  query: 16_000,
  summary: 2_000,
  resource: 2_048,
  comment: 2_000,
  output: 100_000,
  toolArgumentsJson: 32_000,
  callDescription: 500,
  tools: 64,
  groups: 100,
} as const;

/** Qualified tool name `alias__tool`, valid as a Bedrock tool name. */
export const QualifiedToolNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or - (alias__tool)');
export type QualifiedToolName = z.infer<typeof QualifiedToolNameSchema>;

export const ApprovalCategorySchema = z.enum([
  'user_account_access',
  'aws_role_access',
  'document_access_updates',
  'document_content_updates',
  'other',
]);
export type ApprovalCategory = z.infer<typeof ApprovalCategorySchema>;

const boundedText = (max: number) => z.string().trim().min(1).max(max);

/** One exact tool invocation with its arguments. */
export const ToolCallSchema = z.object({
  tool: QualifiedToolNameSchema,
  arguments: z
    .record(z.string(), z.unknown())
    .refine((args) => JSON.stringify(args).length <= LIMITS.toolArgumentsJson, {
      message: `arguments must serialise to at most ${LIMITS.toolArgumentsJson} characters`,
    }),
  /** What the call will do, in plain words, for approvers (written by the planner). */
  description: z.string().trim().min(1).max(LIMITS.callDescription).optional(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

export const RequesterSchema = z.object({
  userId: boundedText(256),
  email: z.email().optional(),
  groups: z.array(boundedText(256)).max(LIMITS.groups).default([]),
});
export type Requester = z.infer<typeof RequesterSchema>;

/** Where the request came from and where its replies go. */
export const OriginSchema = z.object({
  source: z.enum(['slack', 'api', 'cli', 'lambda']),
  channelId: boundedText(64).optional(),
  threadTs: boundedText(64).optional(),
});
export type Origin = z.infer<typeof OriginSchema>;

/** What the agent (or an operator in direct mode) proposes to do, before policy. */
export const ProposedActionSchema = z.object({
  requester: RequesterSchema,
  origin: OriginSchema,
  query: boundedText(LIMITS.query),
  summary: boundedText(LIMITS.summary),
  category: ApprovalCategorySchema.default('other'),
  resource: boundedText(LIMITS.resource).optional(),
  amount: z.number().finite().nonnegative().optional(),
  environment: boundedText(32).default('dev'),
  intendedTools: z.array(QualifiedToolNameSchema).max(LIMITS.tools).default([]),
  toolCalls: z.array(ToolCallSchema).max(LIMITS.tools).optional(),
  /**
   * What the planner will do once these calls' results are known (look up, then act): the run
   * comes back to planning, and the next calls go through policy and approval of their own.
   */
  nextStep: boundedText(LIMITS.summary).optional(),
});
export type ProposedAction = z.infer<typeof ProposedActionSchema>;
export type ProposedActionInput = z.input<typeof ProposedActionSchema>;
