import type {
  ApprovalItem,
  Decision,
  ExecutionResult,
  Origin,
  PolicyDecision,
  ProposedAction,
  Requester,
  RequestStatus,
  ToolCall,
  ToolCallOutcome,
} from '@agentcore/core';

/** Fields a step may set on a request besides its status. */
export type StatusChanges = Partial<
  Pick<
    ApprovalItem,
    | 'action'
    | 'policy'
    | 'intendedTools'
    | 'allowedTools'
    | 'toolPins'
    | 'taskToken'
    | 'expiresAt'
    | 'result'
    | 'statusReason'
  >
>;

/** The approval records, as the store keeps them (conditional, audited writes). */
export interface ApprovalRepository {
  create(
    input: {
      requestId: string;
      requester: Requester;
      action: ProposedAction;
      intendedTools: string[];
    },
    actor: string,
  ): Promise<ApprovalItem>;
  get(requestId: string): Promise<ApprovalItem | undefined>;
  transition(
    requestId: string,
    input: { from: RequestStatus; to: RequestStatus; actor: string; changes?: StatusChanges },
  ): Promise<ApprovalItem>;
  amend(
    requestId: string,
    input: { status: RequestStatus; actor: string; changes: StatusChanges },
  ): Promise<ApprovalItem>;
  recordDecision(requestId: string, decision: Decision, quorum: number): Promise<ApprovalItem>;
}

/** What the agent proposes for a natural-language request. */
export interface PlanInput {
  query: string;
  requester: Requester;
  origin: Origin;
  environment: string;
}

export interface Planner {
  propose(
    input: PlanInput,
    signal?: AbortSignal,
  ): Promise<Omit<ProposedAction, 'requester' | 'origin' | 'query'>>;
}

/** Policy for one proposed action; the adapter knows the tools' annotations. */
export interface PolicyPort {
  decide(action: ProposedAction): Promise<PolicyDecision>;
}

/** Pins of tool definitions (name, description, schema) taken when approval is requested. */
export interface ToolPinner {
  pin(tools: string[]): Promise<Record<string, string>>;
}

/** One tool session restricted to exactly the approved tools and pins. */
export interface ToolSession {
  call(call: ToolCall, signal?: AbortSignal): Promise<ToolCallOutcome>;
  close(): Promise<void>;
}

export interface ToolSessions {
  open(input: {
    requestId: string;
    requester: Requester;
    allowedTools: string[];
    pins: Record<string, string>;
  }): Promise<ToolSession>;
}

/** Runs the agent over an allowlisted session, for requests without exact tool calls. */
export interface AgentRunner {
  run(
    input: { item: ApprovalItem; session: ToolSession },
    signal?: AbortSignal,
  ): Promise<Pick<ExecutionResult, 'output' | 'toolCalls'>>;
}

/** Tells people: approvers that a request waits for them, requesters how theirs ended. */
export interface Notifier {
  approvalRequested(item: ApprovalItem): Promise<void>;
  finished(item: ApprovalItem): Promise<void>;
}

/** The Step Functions task-token callbacks. */
export interface TaskTokens {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/** Starts the state machine for a recorded request. */
export interface ExecutionStarter {
  start(requestId: string): Promise<{ executionArn: string }>;
}

/** Which groups a person belongs to, for approver rules that name groups. */
export interface Directory {
  groupsOf(userId: string): Promise<string[]>;
}

export type Clock = () => Date;
