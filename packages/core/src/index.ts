export {
  ApprovalCategorySchema,
  type ApprovalCategory,
  LIMITS,
  OriginSchema,
  type Origin,
  ProposedActionSchema,
  type ProposedAction,
  type ProposedActionInput,
  QualifiedToolNameSchema,
  type QualifiedToolName,
  RequesterSchema,
  type Requester,
  ToolCallSchema,
  type ToolCall,
} from './action.js';
export {
  ApprovalItemSchema,
  type ApprovalItem,
  type ApprovalItemInput,
  ApprovalRequirementsSchema,
  type ApprovalRequirements,
  DecisionSchema,
  type Decision,
  ExecutionResultSchema,
  type ExecutionResult,
  PolicyDecisionSchema,
  type PolicyDecision,
  ToolCallOutcomeSchema,
  type ToolCallOutcome,
} from './approval.js';
export {
  AlreadyDecidedError,
  AlreadyExistsError,
  DomainError,
  DuplicateError,
  type ErrorCode,
  IllegalTransitionError,
  type IssueDetail,
  NotFoundError,
  StatusConflictError,
  ValidationError,
} from './errors.js';
export { newRequestId, RequestIdSchema, type RequestId, requestIdTime } from './ids.js';
export {
  DecisionVerdictSchema,
  type DecisionVerdict,
  PolicyOutcomeInputSchema,
  PolicyOutcomeSchema,
  type PolicyOutcome,
  parseDecisionVerdict,
  parsePolicyOutcome,
  toSeedApprovalStatus,
} from './outcome.js';
export {
  assertTransition,
  canTransition,
  isTerminal,
  RequestStatusSchema,
  type RequestStatus,
  statusesLeadingTo,
  TERMINAL_STATUSES,
} from './status.js';
export { parseOrThrow } from './validate.js';
