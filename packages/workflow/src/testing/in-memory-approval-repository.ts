import {
  AlreadyDecidedError,
  AlreadyExistsError,
  AmendmentSchema,
  type ApprovalItem,
  ApprovalItemSchema,
  approvedDigestOf,
  assertTransition,
  CallsChangedError,
  canonicalJson,
  type Decision,
  DecisionSchema,
  NewApprovalSchema,
  type NextStep,
  NotFoundError,
  nextStepWrite,
  PageOptionsSchema,
  parseOrThrow,
  type RequestStatus,
  RequestStatusSchema,
  StatusConflictError,
  statusChangeAuditData,
  TransitionSchema,
  toolsApprovedByAll,
  ValidationError,
  votesForOtherCalls,
} from '@agentcore/core';
import * as z from 'zod';
import type {
  ApprovalEvidence,
  ApprovalRepository,
  AuditEntry,
  AuditTrail,
  Clock,
} from '../ports.js';
import { ScriptedFaults } from './scripted-faults.js';

const QuorumSchema = z.number().int().min(1).max(10);
const CursorSchema = z.object({ after: z.string().min(1) });

type CreateInput = Parameters<ApprovalRepository['create']>[0];
type TransitionInput = Parameters<ApprovalRepository['transition']>[1];
type AmendInput = Parameters<ApprovalRepository['amend']>[1];

/** The methods `failNext` can script a fault into. */
export type ApprovalRepositoryMethod = keyof ApprovalRepository;

/** One audit event, as the DynamoDB repository writes it to the request's audit stream. */
export interface RecordedAuditEvent {
  requestId: string;
  type:
    | 'request.created'
    | 'request.status_changed'
    | 'request.amended'
    | 'request.step_started'
    | 'request.vote_recorded'
    | 'request.decided';
  actor: string;
  data: Record<string, unknown>;
}

/**
 * An ApprovalRepository in memory, with the DynamoDB repository's semantics: the same input
 * schemas and typed errors, conditional status changes, exactly-once quorum decisions, a version
 * bumped by every write, newest-first pages. Stored items are copies, never the caller's objects.
 * It also serves the requests' audit trail (AuditTrail), as the DynamoDB audit repository does.
 */
export class InMemoryApprovalRepository
  implements ApprovalRepository, AuditTrail, ApprovalEvidence
{
  readonly #items = new Map<string, ApprovalItem>();
  readonly #audit: RecordedAuditEvent[] = [];
  /** When each audit event was written, by position in `#audit`. */
  readonly #auditTimes: string[] = [];
  readonly #faults = new ScriptedFaults<ApprovalRepositoryMethod>();

  constructor(private readonly clock: Clock = () => new Date()) {}

  /** Makes the next `times` calls of `method` throw `error` (say a RetryableError), writing nothing. */
  failNext(method: ApprovalRepositoryMethod, error: Error, times = 1): void {
    this.#faults.failNext(method, error, times);
  }

  /** The audit events written so far, oldest first; those of one request when given its id. */
  auditEvents(requestId?: string): RecordedAuditEvent[] {
    const events = this.#audit.filter(
      (event) => requestId === undefined || event.requestId === requestId,
    );
    return structuredClone(events);
  }

  /** The audit trail as the request API reads it (AuditTrail), numbered from 1 per request. */
  /** Streams whose chain a test broke (an edit without the key): they no longer verify. */
  readonly #brokenChains = new Set<string>();

  /** Makes the request's audit chain fail verification, as an edit without the key would. */
  breakAuditChain(requestId: string): void {
    this.#brokenChains.add(requestId);
  }

  async approvedDigest(requestId: string) {
    if (this.#brokenChains.has(requestId)) {
      return { verified: false as const, reason: 'an event was edited' };
    }
    const decided = (await this.list(requestId)).findLast(
      (event) => event.type === 'request.decided',
    );
    const digest = decided?.data.approvedDigest;
    return { verified: true as const, digest: typeof digest === 'string' ? digest : undefined };
  }

  async list(requestId: string): Promise<AuditEntry[]> {
    return this.#audit
      .map((event, index) => ({ event, at: this.#auditTimes[index] as string }))
      .filter(({ event }) => event.requestId === requestId)
      .map(({ event, at }, index) => ({
        seq: index + 1,
        at,
        type: event.type,
        actor: event.actor,
        data: structuredClone(event.data),
      }));
  }

  async create(input: CreateInput, actor: string): Promise<ApprovalItem> {
    this.#faults.throwIfScripted('create');
    const parsed = parseOrThrow(NewApprovalSchema, input, 'new approval');
    const stored = this.#items.get(parsed.requestId);
    if (stored) {
      if (canonicalJson(NewApprovalSchema.parse(stored)) !== canonicalJson(parsed)) {
        throw new AlreadyExistsError(`request ${parsed.requestId}`);
      }
      return structuredClone(stored);
    }
    const now = this.clock().toISOString();
    const item = parseOrThrow(
      ApprovalItemSchema,
      { ...parsed, status: 'received', version: 1, createdAt: now, updatedAt: now },
      'approval item',
    );
    this.#items.set(item.requestId, structuredClone(item));
    this.#record(item.requestId, 'request.created', actor, {
      status: item.status,
      intendedTools: item.intendedTools,
    });
    return item;
  }

  async get(requestId: string): Promise<ApprovalItem | undefined> {
    this.#faults.throwIfScripted('get');
    const item = this.#items.get(requestId);
    return item && structuredClone(item);
  }

  // `known` only saves the DynamoDB repository reads; the store here is always at hand.
  async transition(
    requestId: string,
    input: TransitionInput,
    _known?: ApprovalItem,
  ): Promise<void> {
    this.#faults.throwIfScripted('transition');
    const transition = parseOrThrow(TransitionSchema, input, 'status transition');
    assertTransition(transition.from, transition.to);
    const current = this.#getOrThrow(requestId);
    if (current.status !== transition.from) {
      throw new StatusConflictError(requestId, transition.from, current.status);
    }
    this.#write(current, {
      ...givenOnly(transition.changes, input.changes),
      status: transition.to,
    });
    this.#record(
      requestId,
      'request.status_changed',
      transition.actor,
      statusChangeAuditData(transition),
    );
  }

  async amend(requestId: string, input: AmendInput, _known?: ApprovalItem): Promise<void> {
    this.#faults.throwIfScripted('amend');
    const amendment = parseOrThrow(AmendmentSchema, input, 'amendment');
    const current = this.#getOrThrow(requestId);
    if (current.status !== amendment.status) {
      throw new StatusConflictError(requestId, amendment.status, current.status);
    }
    this.#write(current, givenOnly(amendment.changes, input.changes));
    this.#record(requestId, 'request.amended', amendment.actor, {
      status: amendment.status,
      fields: Object.keys(input.changes).sort(),
      ...amendment.details,
    });
  }

  async startNextStep(requestId: string, input: NextStep): Promise<void> {
    this.#faults.throwIfScripted('startNextStep');
    const current = this.#getOrThrow(requestId);
    const { set, clear, audit } = nextStepWrite(current, input);
    const next = structuredClone({ ...current, ...set });
    for (const field of clear) delete next[field];
    this.#write(next, {});
    this.#record(requestId, 'request.step_started', input.actor, audit);
  }

  /** Reads the stored request every time, so it takes no `known` copy. */
  async recordDecision(
    requestId: string,
    input: Decision,
    quorum: number,
    _known?: ApprovalItem,
  ): Promise<ApprovalItem> {
    this.#faults.throwIfScripted('recordDecision');
    const decision = parseOrThrow(DecisionSchema, input, 'decision');
    const needed = parseOrThrow(QuorumSchema, quorum, 'quorum');
    const current = this.#getOrThrow(requestId);
    if (current.status !== 'pending') throw new AlreadyDecidedError(requestId, current.status);
    if (current.votes.some((vote) => vote.approver === decision.approver)) {
      throw new AlreadyDecidedError(requestId, `already answered by ${decision.approver}`);
    }
    if (votesForOtherCalls(decision, approvedDigestOf(current))) {
      throw new CallsChangedError(requestId);
    }
    const settles = decision.verdict === 'rejected' || current.votes.length + 1 >= needed;
    const to: RequestStatus = decision.verdict === 'approved' ? 'approved' : 'rejected';
    const approvedDigest = settles && to === 'approved' ? approvedDigestOf(current) : undefined;
    const written = this.#write(current, {
      votes: [...current.votes, decision],
      ...(settles ? { status: to, decision } : {}),
      ...(settles && decision.verdict === 'approved'
        ? { allowedTools: toolsApprovedByAll([...current.votes, decision]), approvedDigest }
        : {}),
    });
    this.#record(
      requestId,
      settles ? 'request.decided' : 'request.vote_recorded',
      decision.approver,
      {
        verdict: decision.verdict,
        votes: current.votes.length + 1,
        quorum: needed,
        allowedTools: decision.allowedTools,
        comment: decision.comment ?? null,
        ...(approvedDigest ? { approvedDigest } : {}),
      },
    );
    return written;
  }

  async listByStatus(
    status: RequestStatus,
    options: { limit?: number; cursor?: string },
  ): Promise<{ items: ApprovalItem[]; nextCursor?: string }> {
    this.#faults.throwIfScripted('listByStatus');
    const parsedStatus = parseOrThrow(RequestStatusSchema, status, 'status');
    return this.#page((item) => item.status === parsedStatus, options);
  }

  async listByRequester(
    requesterId: string,
    options: { limit?: number; cursor?: string },
  ): Promise<{ items: ApprovalItem[]; nextCursor?: string }> {
    this.#faults.throwIfScripted('listByRequester');
    return this.#page((item) => item.requester.userId === requesterId, options);
  }

  #page(
    matches: (item: ApprovalItem) => boolean,
    options: { limit?: number; cursor?: string },
  ): { items: ApprovalItem[]; nextCursor?: string } {
    const page = parseOrThrow(PageOptionsSchema, options, 'page options');
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    // Request ids are ULIDs: the newest request has the greatest id.
    const matching = [...this.#items.values()]
      .filter(matches)
      .filter((item) => after === undefined || item.requestId < after)
      .sort((a, b) => (a.requestId < b.requestId ? 1 : -1));
    const items = matching.slice(0, page.limit).map((item) => structuredClone(item));
    const last = items.at(-1);
    return matching.length > page.limit && last
      ? { items, nextCursor: encodeCursor(last.requestId) }
      : { items };
  }

  #getOrThrow(requestId: string): ApprovalItem {
    const item = this.#items.get(requestId);
    if (!item) throw new NotFoundError('request', requestId);
    return item;
  }

  /** Stores `current` with `changes` (undefined members leave a field as it was), as a copy. */
  #write(current: ApprovalItem, changes: Partial<ApprovalItem>): ApprovalItem {
    const defined = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    );
    const next: ApprovalItem = structuredClone({
      ...current,
      ...defined,
      version: current.version + 1,
      updatedAt: this.clock().toISOString(),
    });
    this.#items.set(next.requestId, next);
    return structuredClone(next);
  }

  #record(
    requestId: string,
    type: RecordedAuditEvent['type'],
    actor: string,
    data: Record<string, unknown>,
  ): void {
    this.#audit.push(structuredClone({ requestId, type, actor, data }));
    this.#auditTimes.push(this.clock().toISOString());
  }
}

/**
 * The parsed changes, limited to the fields the caller gave: zod fills defaults even into
 * partial schemas, and a default must never overwrite a stored value.
 */
function givenOnly<T extends object>(parsed: T, input: object | undefined): Partial<T> {
  const given = new Set(Object.keys(input ?? {}));
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => given.has(key))) as Partial<T>;
}

function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).after;
  } catch {
    throw new ValidationError('cursor', [
      { path: 'cursor', message: 'is not a cursor this store issued' },
    ]);
  }
}
