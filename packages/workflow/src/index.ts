export { type CallerResponse, toResponse } from './caller-response.js';
export {
  NoModelConfiguredError,
  NotAuthorisedError,
  RetryableError,
  WorkflowError,
  WrongStatusError,
} from './errors.js';
export { approvalRequestMessage, type Message, outcomeMessage } from './notifications.js';
export type {
  AgentRunner,
  ApprovalRepository,
  Clock,
  Directory,
  ExecutionStarter,
  Notifier,
  PlanInput,
  Planner,
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
  type ApprovalDecisionInput,
  ApprovalDecisionInputSchema,
  type DecideApprovalDeps,
  decideApproval,
  expireRequest,
  failRequest,
  type RequestApprovalDeps,
  RequestApprovalInputSchema,
  requestApproval,
  WorkflowErrorInputSchema,
} from './use-cases/approval.js';
export { type ExecuteDeps, executeRequest, runRequest } from './use-cases/execute.js';
export { loadRequest } from './use-cases/load.js';
export { notifyRequester } from './use-cases/notify.js';
export {
  type DecideDeps,
  type DecideResult,
  decideRequest,
  type PlanDeps,
  planRequest,
} from './use-cases/plan-and-decide.js';
export {
  type SubmitDeps,
  type SubmitRequest,
  SubmitRequestSchema,
  submitRequest,
} from './use-cases/submit.js';
export { type RequestView, requestView } from './views.js';
