import type {
  ApprovalItem,
  Decision,
  EarlierStep,
  NextStep,
  Origin,
  PolicyDecision,
  ProposedAction,
  Requester,
  RequestStatus,
  StatusChanges,
  ToolCall,
  ToolCallOutcome,
} from '@agentcore/core';

/** The approval records, as the store keeps them (conditional, audited writes). */
export interface ApprovalRepository {
  create(
    input: {
      requestId: string;
      requester: Requester;
      action: ProposedAction;
      intendedTools: string[];
      /** The execution that will carry the request; its steps are refused for any other. */
      executionArn: string;
    },
    actor: string,
  ): Promise<ApprovalItem>;
  get(requestId: string): Promise<ApprovalItem | undefined>;
  /** `known`: the request as the caller read it (saves the store a read; never trusted for the condition). */
  transition(
    requestId: string,
    input: { from: RequestStatus; to: RequestStatus; actor: string; changes?: StatusChanges },
    known?: ApprovalItem,
  ): Promise<void>;
  amend(
    requestId: string,
    input: {
      status: RequestStatus;
      actor: string;
      changes: StatusChanges;
      /** What the audit event says besides the fields changed (an edit's before and after). */
      details?: Record<string, unknown>;
    },
    known?: ApprovalItem,
  ): Promise<void>;
  /**
   * Ends the step a request is executing and receives it again for its next step (see
   * core's nextStepWrite): refused unless it is still executing that step.
   */
  startNextStep(requestId: string, input: NextStep): Promise<void>;
  recordDecision(
    requestId: string,
    decision: Decision,
    quorum: number,
    known?: ApprovalItem,
  ): Promise<ApprovalItem>;
  /** Requests in one status, newest first, a page at a time. */
  listByStatus(
    status: RequestStatus,
    options: { limit?: number; cursor?: string },
  ): Promise<{ items: ApprovalItem[]; nextCursor?: string }>;
  /** One requester's requests, newest first, a page at a time. */
  listByRequester(
    requesterId: string,
    options: { limit?: number; cursor?: string },
  ): Promise<{ items: ApprovalItem[]; nextCursor?: string }>;
}

/**
 * One look-up a planner may make to resolve arguments: run only when policy allows that very
 * call without approval, recorded in the request's audit; a refusal comes back as an error text.
 */
export type PlanLookup = (
  call: ToolCall,
  signal?: AbortSignal,
) => Promise<{ text: string; isError: boolean }>;

/** What the agent proposes for a natural-language request. */
export interface PlanInput {
  query: string;
  requester: Requester;
  origin: Origin;
  environment: string;
  /** Present when the planner may look things up while planning. */
  lookup?: PlanLookup;
  /**
   * The steps of this request that already ran, oldest first, with what each call returned
   * (secrets only as their markers); absent or empty when planning the first step.
   */
  earlierSteps?: readonly EarlierStep[];
  /** What the planner said, in the step before, it would do next. */
  intent?: string;
  /** The request's last step: a proposal must finish it, and a `nextStep` is not taken. */
  lastStep?: boolean;
}

/** A planner's answer: the proposed action, or what it could not understand, for people. */
export type PlanOutcome =
  | Omit<ProposedAction, 'requester' | 'origin' | 'query'>
  | { notUnderstood: string };

export interface Planner {
  propose(input: PlanInput, signal?: AbortSignal): Promise<PlanOutcome>;
}

/** Policy for one proposed action; the adapter knows the tools' annotations. */
export interface PolicyPort {
  decide(action: ProposedAction): Promise<PolicyDecision>;
}

/** Pins of tool definitions (name, description, schema) taken when approval is requested. */
export interface ToolPinner {
  pin(tools: string[]): Promise<Record<string, string>>;
}

/** A tool as a model is shown it. */
export interface ToolDescription {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** The server marks the tool's result as a secret (see use-cases/sensitive-outputs.ts). */
  sensitiveOutput?: boolean;
}

/**
 * One tool session restricted to exactly the approved tools and pins. Anything outside them
 * throws a typed error (it is never a tool result a model could argue with).
 */
export interface ToolSession {
  listTools(): Promise<ToolDescription[]>;
  /** One exact call, reported as the executor stores it. */
  call(call: ToolCall, signal?: AbortSignal): Promise<ToolCallOutcome>;
  /** A model's call: the tool's own failure comes back as `isError`. */
  callTool(
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

export interface ToolSessions {
  open(input: {
    requestId: string;
    requester: Requester;
    allowedTools: string[];
    /** Absent when nothing was approved ahead (allowed by policy). */
    pins: Record<string, string> | undefined;
  }): Promise<ToolSession>;
}

/** Tells people: approvers that a request waits for them, requesters how theirs ended. */
export interface Notifier {
  approvalRequested(item: ApprovalItem): Promise<void>;
  finished(item: ApprovalItem): Promise<void>;
}

/**
 * The Step Functions task-token callbacks. `not_waiting`: the task no longer waits on that
 * token (it timed out, or the execution was stopped or re-driven with a new one).
 */
export interface TaskTokens {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<'delivered' | 'not_waiting'>;
}

/** Starts the state machine for a recorded request: one execution per request, named after it. */
export interface ExecutionStarter {
  /** The ARN the request's execution has (or will have once started). */
  executionArnOf(requestId: string): string;
  start(requestId: string): Promise<{ executionArn: string }>;
}

/** One entry of a request's audit trail, as the store keeps it (hash-chained). */
export interface AuditEntry {
  seq: number;
  at: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

/** A request's audit trail, oldest first. */
export interface AuditTrail {
  list(requestId: string): Promise<AuditEntry[]>;
}

/**
 * The executor's evidence: it appends each tool call to the request's own audit stream before
 * and after it runs, and reads them back to account for a run that was interrupted.
 */
export interface ExecutionAudit {
  append(event: {
    streamId: string;
    type: string;
    actor: string;
    data: Record<string, string | number | boolean | null>;
  }): Promise<unknown>;
  list(streamId: string): Promise<AuditEntry[]>;
}

/**
 * What the keyed audit chain says was approved: the digest the settling decision recorded, read
 * from a chain that verifies. Someone who can rewrite the request item cannot forge this.
 */
export interface ApprovalEvidence {
  approvedDigest(
    requestId: string,
  ): Promise<{ verified: true; digest: string | undefined } | { verified: false; reason: string }>;
}

/** Which groups a person belongs to, for approver rules that name groups. */
export interface Directory {
  groupsOf(userId: string): Promise<string[]>;
}

export type Clock = () => Date;

/** Fields a step may set on a request besides its status (the repositories' own schema). */
export type { StatusChanges };
