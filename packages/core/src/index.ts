export {
  type ApprovalCategory,
  ApprovalCategorySchema,
  LIMITS,
  type Origin,
  OriginSchema,
  type ProposedAction,
  type ProposedActionInput,
  ProposedActionSchema,
  type QualifiedToolName,
  QualifiedToolNameSchema,
  type Requester,
  RequesterSchema,
  type ToolCall,
  ToolCallSchema,
} from './action.js';
export {
  type ApprovalItem,
  type ApprovalItemInput,
  ApprovalItemSchema,
  type ApprovalRequirements,
  ApprovalRequirementsSchema,
  type Decision,
  DecisionSchema,
  type ExecutionResult,
  ExecutionResultSchema,
  type PolicyDecision,
  PolicyDecisionSchema,
  type ToolCallOutcome,
  ToolCallOutcomeSchema,
  toolsApprovedByAll,
  votesForOtherCalls,
} from './approval.js';
export {
  type Amendment,
  AmendmentSchema,
  type NewApproval,
  NewApprovalSchema,
  type PageOptions,
  PageOptionsSchema,
  type StatusChanges,
  StatusChangesSchema,
  statusChangeAuditData,
  type Transition,
  TransitionSchema,
} from './approval-changes.js';
export {
  type ApprovedCalls,
  approvedCallsDigest,
  approvedDigestOf,
  argumentsDigest,
  describeCall,
} from './call-digest.js';
export { canonicalJson } from './canonical-json.js';
export {
  AlreadyDecidedError,
  AlreadyExistsError,
  CallsChangedError,
  DomainError,
  DuplicateError,
  type ErrorCode,
  IllegalTransitionError,
  type IssueDetail,
  NotFoundError,
  StatusConflictError,
  ValidationError,
  VersionConflictError,
} from './errors.js';
export {
  asRetryable,
  isTransientFault,
  RetryableError,
  retryableOnTransientFault,
} from './faults.js';
export { newRequestId, type RequestId, RequestIdSchema, requestIdTime } from './ids.js';
export {
  type DecisionVerdict,
  DecisionVerdictSchema,
  type PolicyOutcome,
  PolicyOutcomeInputSchema,
  PolicyOutcomeSchema,
  parseDecisionVerdict,
  parsePolicyOutcome,
  toSeedApprovalStatus,
} from './outcome.js';
export {
  assertTransition,
  canTransition,
  isTerminal,
  type RequestStatus,
  RequestStatusSchema,
  statusesLeadingTo,
  TERMINAL_STATUSES,
} from './status.js';
export { parseOrThrow } from './validate.js';
