import {
  AlreadyDecidedError,
  AlreadyExistsError,
  type Amendment,
  AmendmentSchema,
  type ApprovalItem,
  ApprovalItemSchema,
  approvedDigestOf,
  assertTransition,
  CallsChangedError,
  canonicalJson,
  DecisionSchema,
  type NewApproval,
  NewApprovalSchema,
  type NextStep,
  NotFoundError,
  nextStepWrite,
  type PageOptions,
  PageOptionsSchema,
  parseOrThrow,
  type RequestStatus,
  RequestStatusSchema,
  StatusConflictError,
  statusChangeAuditData,
  type Transition,
  TransitionSchema,
  toolsApprovedByAll,
  ValidationError,
  votesForOtherCalls,
} from '@agentcore/core';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import {
  type AuditEvent,
  type AuditEventInput,
  type AuditHead,
  AuditHeadSchema,
  type DynamoAuditRepository,
} from './audit-repository.js';
import type { Clock } from './clock.js';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from './cursor.js';

// DynamoDB refuses items over 400 KB; keep room for attribute names and indexes.
const MAX_ITEM_BYTES = 350_000;

// Each racing decider that loses re-reads and tries again; a quorum of q settles within q + 1 rounds.
const MAX_DECISION_ROUNDS = 12;

interface GuardedUpdate {
  requestId: string;
  set: Record<string, unknown>;
  condition: string;
  conditionValues: Record<string, unknown>;
  audit: AuditEventInput;
  /** The typed error for a failed condition, given what is stored now. */
  conflict: (current: ApprovalItem) => Error;
  known: ApprovalItem | undefined;
}

/**
 * The parsed changes, limited to the fields the caller gave: zod fills defaults even into
 * partial schemas, and a default must never overwrite a stored value.
 */
function givenOnly<T extends object>(parsed: T, input: object | undefined): Partial<T> {
  const given = new Set(Object.keys(input ?? {}));
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => given.has(key))) as Partial<T>;
}

function headOf(event: AuditEvent): AuditHead {
  return { seq: event.seq, hash: event.hash };
}

function assertItemSize(item: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(item), 'utf8');
  if (bytes > MAX_ITEM_BYTES) {
    throw new ValidationError('approval item', [
      { path: '(root)', message: `is ${bytes} bytes; at most ${MAX_ITEM_BYTES} are stored` },
    ]);
  }
}

/**
 * Approval records. Every status change is a conditional write on the expected current status
 * together with its audit event, in one transaction: a stale or illegal change is refused,
 * never overwritten, and no change is stored without its audit event.
 */
export class DynamoApprovalRepository {
  /**
   * Each item stores where its audit chain ends (`auditHead`, written in the same transaction as
   * the event), so any function that read the item can chain its next event without reading
   * the chain. It is storage, not domain: kept beside the items this repository handed out.
   */
  private readonly heads = new WeakMap<ApprovalItem, AuditHead>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly audit: DynamoAuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Records a new request as `received`. Creating the same request again returns the stored one. */
  async create(input: NewApproval, actor: string): Promise<ApprovalItem> {
    const parsed = parseOrThrow(NewApprovalSchema, input, 'new approval');
    const now = this.clock().toISOString();
    const item = parseOrThrow(
      ApprovalItemSchema,
      { ...parsed, status: 'received', version: 1, createdAt: now, updatedAt: now },
      'approval item',
    );
    assertItemSize(item);
    const outcome = await this.audit.writeWithEvent(
      (event) => ({
        Put: {
          TableName: this.tableName,
          Item: { ...item, requesterId: item.requester.userId, auditHead: headOf(event) },
          ConditionExpression: 'attribute_not_exists(requestId)',
        },
      }),
      {
        streamId: item.requestId,
        type: 'request.created',
        actor,
        data: { status: item.status, intendedTools: item.intendedTools },
      },
      { newStream: true },
    );
    if (outcome === 'condition_failed') return this.sameRequestOrThrow(parsed);
    return this.remember(item, headOf(outcome));
  }

  async get(requestId: string): Promise<ApprovalItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { requestId }, ConsistentRead: true }),
    );
    return result.Item ? this.parseStored(result.Item) : undefined;
  }

  /**
   * Moves a request from `from` to `to` if, and only if, it is still `from`. `known`, the request
   * as the caller read it, saves reading where its audit chain ends.
   */
  async transition(requestId: string, input: Transition, known?: ApprovalItem): Promise<void> {
    const transition = parseOrThrow(TransitionSchema, input, 'status transition');
    assertTransition(transition.from, transition.to);
    return this.guardedUpdate({
      requestId,
      set: { ...givenOnly(transition.changes, input.changes), status: transition.to },
      condition: '#status = :from',
      conditionValues: { ':from': transition.from },
      audit: {
        streamId: requestId,
        type: 'request.status_changed',
        actor: transition.actor,
        data: statusChangeAuditData(transition),
      },
      conflict: (current) => new StatusConflictError(requestId, transition.from, current.status),
      known,
    });
  }

  /** Changes fields of a request that is still in `status`, without moving it. */
  async amend(requestId: string, input: Amendment, known?: ApprovalItem): Promise<void> {
    const amendment = parseOrThrow(AmendmentSchema, input, 'amendment');
    return this.guardedUpdate({
      requestId,
      set: givenOnly(amendment.changes, input.changes),
      condition: '#status = :expected',
      conditionValues: { ':expected': amendment.status },
      audit: {
        streamId: requestId,
        type: 'request.amended',
        actor: amendment.actor,
        data: {
          status: amendment.status,
          fields: Object.keys(input.changes).sort(),
          ...amendment.details,
        },
      },
      conflict: (current) => new StatusConflictError(requestId, amendment.status, current.status),
      known,
    });
  }

  /**
   * Ends the step the request is executing and receives it again for the next one. The write is
   * conditional on the version read here, so it applies to exactly the step it was computed from.
   */
  async startNextStep(requestId: string, input: NextStep): Promise<void> {
    const current = await this.getOrThrow(requestId);
    const { set, clear, audit } = nextStepWrite(current, input);
    const outcome = await this.conditionalUpdate(
      requestId,
      set,
      '#status = :executing AND version = :version',
      { ':executing': 'executing', ':version': current.version },
      { streamId: requestId, type: 'request.step_started', actor: input.actor, data: audit },
      current,
      clear,
    );
    if (!outcome.written) {
      const now = await this.getOrThrow(requestId);
      throw new StatusConflictError(requestId, `executing step ${current.step}`, now.status);
    }
  }

  /**
   * Records an approver's answer on a pending request, exactly once. An approval counts towards
   * `quorum`; the one that reaches it approves the request, and any rejection rejects it. Of
   * concurrent deciders beyond what the quorum needs, the extra ones get AlreadyDecidedError, as
   * does an approver answering twice.
   */
  async recordDecision(
    requestId: string,
    input: z.input<typeof DecisionSchema>,
    quorum = 1,
    /** The request as the caller just read it, saving a read; a stale copy only costs a round. */
    known?: ApprovalItem,
  ): Promise<ApprovalItem> {
    const decision = parseOrThrow(DecisionSchema, input, 'decision');
    const needed = parseOrThrow(z.number().int().min(1).max(10), quorum, 'quorum');
    for (let round = 1; round <= MAX_DECISION_ROUNDS; round++) {
      const current =
        round === 1 && known?.requestId === requestId ? known : await this.getOrThrow(requestId);
      if (current.status !== 'pending') throw new AlreadyDecidedError(requestId, current.status);
      if (current.votes.some((vote) => vote.approver === decision.approver)) {
        throw new AlreadyDecidedError(requestId, `already answered by ${decision.approver}`);
      }
      // Checked each round: an edit between rounds changes the calls this vote would count for.
      if (votesForOtherCalls(decision, approvedDigestOf(current))) {
        throw new CallsChangedError(requestId);
      }
      const settles = decision.verdict === 'rejected' || current.votes.length + 1 >= needed;
      const to: RequestStatus = decision.verdict === 'approved' ? 'approved' : 'rejected';
      const approvedDigest = settles && to === 'approved' ? approvedDigestOf(current) : undefined;
      const changes = {
        votes: [...current.votes, decision],
        ...(settles ? { status: to, decision } : {}),
        ...(settles && decision.verdict === 'approved'
          ? { allowedTools: toolsApprovedByAll([...current.votes, decision]), approvedDigest }
          : {}),
      };
      const outcome = await this.conditionalUpdate(
        requestId,
        changes,
        // The version pins the read above: any write in between sends us round again.
        '#status = :pending AND version = :version',
        { ':pending': 'pending', ':version': current.version },
        {
          streamId: requestId,
          type: settles ? 'request.decided' : 'request.vote_recorded',
          actor: decision.approver,
          data: {
            verdict: decision.verdict,
            votes: current.votes.length + 1,
            quorum: needed,
            allowedTools: decision.allowedTools,
            comment: decision.comment ?? null,
            ...(approvedDigest ? { approvedDigest } : {}),
          },
        },
        current,
      );
      // The write was conditional on the version read above, so this is exactly what is stored.
      if (outcome.written) {
        return this.remember(
          { ...current, ...changes, version: current.version + 1, updatedAt: outcome.updatedAt },
          outcome.head,
        );
      }
    }
    throw new AlreadyDecidedError(requestId, 'still contended after repeated attempts');
  }

  /** Requests in one status, newest first. */
  async listByStatus(
    status: RequestStatus,
    options: PageOptions = {},
  ): Promise<Page<ApprovalItem>> {
    const parsedStatus = parseOrThrow(RequestStatusSchema, status, 'status');
    return this.queryIndex('byStatus', '#k = :v', { '#k': 'status' }, parsedStatus, options);
  }

  /** One requester's requests, newest first. */
  async listByRequester(
    requesterId: string,
    options: PageOptions = {},
  ): Promise<Page<ApprovalItem>> {
    const parsedId = parseOrThrow(z.string().min(1).max(256), requesterId, 'requester id');
    return this.queryIndex('byRequester', '#k = :v', { '#k': 'requesterId' }, parsedId, options);
  }

  private async queryIndex(
    indexName: string,
    keyCondition: string,
    names: Record<string, string>,
    value: string,
    options: PageOptions,
  ): Promise<Page<ApprovalItem>> {
    const page = parseOrThrow(PageOptionsSchema, options, 'page options');
    const result = await this.client
      .send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: keyCondition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':v': value },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      )
      .catch((error: unknown) => {
        // Well-formed, but not a key of this index and partition: edited, or another list's.
        if (
          page.cursor !== undefined &&
          error instanceof Error &&
          error.name === 'ValidationException'
        ) {
          throw invalidCursor();
        }
        throw error;
      });
    const items = (result.Items ?? []).map((item) => this.parseStored(item));
    const nextCursor = encodeCursor(result.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
  }

  private async guardedUpdate(update: GuardedUpdate): Promise<void> {
    const outcome = await this.conditionalUpdate(
      update.requestId,
      update.set,
      update.condition,
      update.conditionValues,
      update.audit,
      update.known,
    );
    if (outcome.written) return;
    throw update.conflict(await this.getOrThrow(update.requestId));
  }

  private async conditionalUpdate(
    requestId: string,
    set: Record<string, unknown>,
    condition: string,
    conditionValues: Record<string, unknown>,
    audit: AuditEventInput,
    known: ApprovalItem | undefined,
    /** Attributes removed by the same write. */
    clear: readonly string[] = [],
  ): Promise<{ written: true; updatedAt: string; head: AuditHead } | { written: false }> {
    const now = this.clock().toISOString();
    const fields = Object.entries({ ...set, updatedAt: now }).filter(([, v]) => v !== undefined);
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ...conditionValues, ':one': 1 };
    const assignments = fields.map(([name, value], index) => {
      names[`#f${index}`] = name;
      values[`:f${index}`] = value;
      return `#f${index} = :f${index}`;
    });
    assertItemSize(values);
    const removals = clear.map((name, index) => {
      names[`#r${index}`] = name;
      return `#r${index}`;
    });
    names['#auditHead'] = 'auditHead';
    const head = known?.requestId === requestId ? this.heads.get(known) : undefined;
    const outcome = await this.audit.writeWithEvent(
      (event) => ({
        Update: {
          TableName: this.tableName,
          Key: { requestId },
          UpdateExpression:
            `SET ${assignments.join(', ')}, #auditHead = :auditHead ADD version :one` +
            (removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''),
          ConditionExpression: `attribute_exists(requestId) AND ${condition}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':auditHead': headOf(event) },
        },
      }),
      audit,
      head ? { head } : {},
    );
    if (outcome === 'condition_failed') return { written: false };
    return { written: true, updatedAt: now, head: headOf(outcome) };
  }

  /** A stored item as the domain sees it, remembering where its audit chain ends. */
  private parseStored(raw: Record<string, unknown>): ApprovalItem {
    const item = ApprovalItemSchema.parse(raw);
    const head = AuditHeadSchema.safeParse(raw.auditHead);
    return head.success ? this.remember(item, head.data) : item;
  }

  private remember(item: ApprovalItem, head: AuditHead): ApprovalItem {
    this.heads.set(item, head);
    return item;
  }

  private async getOrThrow(requestId: string): Promise<ApprovalItem> {
    const item = await this.get(requestId);
    if (!item) throw new NotFoundError('request', requestId);
    return item;
  }

  private async sameRequestOrThrow(
    parsed: z.output<typeof NewApprovalSchema>,
  ): Promise<ApprovalItem> {
    const stored = await this.getOrThrow(parsed.requestId);
    const storedCreation = NewApprovalSchema.parse(stored);
    if (canonicalJson(storedCreation) !== canonicalJson(parsed)) {
      throw new AlreadyExistsError(`request ${parsed.requestId}`);
    }
    return stored;
  }
}
