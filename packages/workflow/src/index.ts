export { type CallerResponse, toResponse } from './caller-response.js';
export {
  NotAuthorisedError,
  NotUnderstoodError,
  StaleExecutionError,
  WorkflowError,
  WrongStatusError,
} from './errors.js';
export {
  approvalRequestMessage,
  type Message,
  OUTCOME_HEADLINES,
  outcomeMessage,
} from './notifications.js';
export type {
  ApprovalEvidence,
  ApprovalRepository,
  AuditEntry,
  AuditTrail,
  Clock,
  Directory,
  ExecutionAudit,
  ExecutionStarter,
  Notifier,
  PlanInput,
  PlanLookup,
  Planner,
  PlanOutcome,
  PolicyPort,
  StatusChanges,
  TaskTokens,
  ToolDescription,
  ToolPinner,
  ToolSession,
  ToolSessions,
} from './ports.js';
export {
  type StateMachineDefinition,
  type StateMachineFunctions,
  type StateMachineOptions,
  stateMachineDefinition,
  TRANSIENT_ERRORS,
  taskFunctions,
  WAIT_FOR_TASK_TOKEN_RESOURCE,
} from './state-machine.js';
export {
  type AmendCallsDeps,
  type AmendCallsInput,
  AmendCallsInputSchema,
  amendProposedCalls,
  applyCallEdits,
  type CallChange,
  type CallEdit,
  CallEditSchema,
} from './use-cases/amend-calls.js';
export {
  type AwaitApprovalDeps,
  AwaitApprovalInputSchema,
  awaitApproval,
} from './use-cases/await-approval.js';
export {
  type CancelDeps,
  type CancelRequest,
  CancelRequestSchema,
  cancelRequest,
} from './use-cases/cancel.js';
export { expireRequest, failRequest, WorkflowErrorInputSchema } from './use-cases/close.js';
export {
  type EvaluatePolicyDeps,
  evaluatePolicy,
  type PolicyVerdict,
} from './use-cases/evaluate-policy.js';
export {
  type ExecuteDeps,
  ExecuteInputSchema,
  type ExecutionReport,
  executeRequest,
} from './use-cases/execute.js';
export {
  approvalLapsed,
  EXECUTION_START_GRACE_MS,
  expiredMessage,
  expireIfLapsed,
  isOpen,
} from './use-cases/expiry.js';
export { loadForStep, loadRequest, type StepTarget, StepTargetSchema } from './use-cases/load.js';
export { notifyRequester } from './use-cases/notify.js';
export { type PlanDeps, planRequest } from './use-cases/plan.js';
export {
  ListRequestsInputSchema,
  listRequests,
  readRequest,
  readTimeline,
} from './use-cases/read.js';
export {
  type ApproverDecision,
  ApproverDecisionSchema,
  assertMayDecide,
  handOffDecision,
  isNamedApprover,
  type RecordDecisionDeps,
  recordApproverDecision,
} from './use-cases/record-decision.js';
export { redriveRequest } from './use-cases/redrive.js';
export {
  type ResumeDecidedDeps,
  type ResumeDecidedOptions,
  type ResumeDecidedReport,
  resumeDecidedRequests,
} from './use-cases/resume-decided.js';
export {
  hasSealedOutput,
  returnsSecret,
  SENSITIVE_OUTPUT_MARKER,
  type SensitiveOutputDeps,
  type SensitiveOutputVault,
  sealedMarker,
  sealSensitiveOutputs,
  WITHHELD_MARKER,
} from './use-cases/sensitive-outputs.js';
export {
  RequestedActionSchema,
  type SubmitDeps,
  type SubmitRequest,
  SubmitRequestSchema,
  submitRequest,
} from './use-cases/submit.js';
export { type RequestView, requestView } from './views.js';
