import {
  AlreadyDecidedError,
  AlreadyExistsError,
  IllegalTransitionError,
  NotFoundError,
  StatusConflictError,
  ValidationError,
} from '@agentcore/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';
import { newApproval, proposedAction } from '../../support/fixtures.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

async function pendingRequest() {
  const created = await db.stores.approvals.create(newApproval(), 'slack-gateway');
  await db.stores.approvals.transition(created.requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
    changes: { taskToken: 'token-1', allowedTools: created.intendedTools },
  });
  const pending = await db.stores.approvals.get(created.requestId);
  if (!pending) throw new Error('the pending request was not stored');
  return pending;
}

describe('approvals', () => {
  it('creates a request once; creating it again returns the stored one', async () => {
    // Prepare
    const input = newApproval();

    // Act
    const first = await db.stores.approvals.create(input, 'api');
    const again = await db.stores.approvals.create(input, 'api');

    // Assess
    expect(first.status).toBe('received');
    expect(first.version).toBe(1);
    expect(again).toEqual(first);
    expect(await db.stores.audit.list(input.requestId)).toHaveLength(1);
  });

  it('refuses a second create of the same id with different content', async () => {
    // Prepare
    const input = newApproval();
    await db.stores.approvals.create(input, 'api');

    // Act
    const attempt = db.stores.approvals.create(
      { ...input, action: proposedAction({ query: 'something else entirely' }) },
      'api',
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('lets exactly one of 50 concurrent deciders record the decision', async () => {
    // Prepare
    const pending = await pendingRequest();

    // Act
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        db.stores.approvals.recordDecision(pending.requestId, {
          verdict: index % 2 === 0 ? 'approved' : 'rejected',
          approver: `U_APPROVER_${index}`,
          decidedAt: new Date().toISOString(),
          allowedTools: pending.intendedTools,
        }),
      ),
    );

    // Assess
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const lost = attempts.filter((attempt) => attempt.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const attempt of lost) expect(attempt.reason).toBeInstanceOf(AlreadyDecidedError);
    const stored = await db.stores.approvals.get(pending.requestId);
    const winner = (won[0] as PromiseFulfilledResult<{ decision?: { approver: string } }>).value;
    expect(stored?.decision?.approver).toBe(winner.decision?.approver);
    expect(stored?.status).toBe(stored?.decision?.verdict === 'approved' ? 'approved' : 'rejected');
    const events = await db.stores.audit.list(pending.requestId);
    expect(events.map((event) => event.type)).toEqual([
      'request.created',
      'request.status_changed',
      'request.decided',
    ]);
  });

  it('refuses any move out of a terminal status and leaves the record as it was', async () => {
    // Prepare
    const pending = await pendingRequest();
    const rejected = await db.stores.approvals.recordDecision(pending.requestId, {
      verdict: 'rejected',
      approver: 'U_BOB',
      decidedAt: new Date().toISOString(),
    });

    // Act
    const illegal = db.stores.approvals.transition(pending.requestId, {
      from: 'rejected',
      to: 'executing',
      actor: 'execute',
    });
    const stale = db.stores.approvals.transition(pending.requestId, {
      from: 'approved',
      to: 'executing',
      actor: 'execute',
    });

    // Assess
    await expect(illegal).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(stale).rejects.toMatchObject({ code: 'status_conflict', actual: 'rejected' });
    await expect(stale).rejects.toBeInstanceOf(StatusConflictError);
    expect(await db.stores.approvals.get(pending.requestId)).toEqual(rejected);
  });

  it('counts versions and keeps changes made with a transition', async () => {
    // Prepare
    const pending = await pendingRequest();
    await db.stores.approvals.recordDecision(pending.requestId, {
      verdict: 'approved',
      approver: 'U_BOB',
      decidedAt: new Date().toISOString(),
      allowedTools: ['google_admin__reset_user_2fa'],
    });

    // Act
    await db.stores.approvals.transition(pending.requestId, {
      from: 'approved',
      to: 'executing',
      actor: 'execute',
    });
    const executing = await db.stores.approvals.get(pending.requestId);

    // Assess
    expect(executing?.version).toBe(4);
    expect(executing?.status).toBe('executing');
    expect(executing?.taskToken).toBe('token-1');
    expect(executing?.allowedTools).toEqual(['google_admin__reset_user_2fa']);
  });

  it('reports a missing request as not found', async () => {
    // Act
    const attempt = db.stores.approvals.transition(newApproval().requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
    });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists by status and by requester, newest first, page by page', async () => {
    // Prepare
    const requester = { userId: `U_LIST_${Date.now()}`, groups: [] };
    const base = Date.now();
    const created = [];
    for (let index = 0; index < 5; index++) {
      const input = newApproval({ requester, action: proposedAction({ requester }) }, base + index);
      created.push(await db.stores.approvals.create(input, 'cli'));
    }
    const newestFirst = created.map((item) => item.requestId).reverse();

    // Act
    const first = await db.stores.approvals.listByRequester(requester.userId, { limit: 2 });
    const second = await db.stores.approvals.listByRequester(requester.userId, {
      limit: 2,
      cursor: first.nextCursor,
    });
    const byStatus = await db.stores.approvals.listByStatus('received', { limit: 100 });

    // Assess
    expect(first.items.map((item) => item.requestId)).toEqual(newestFirst.slice(0, 2));
    expect(second.items.map((item) => item.requestId)).toEqual(newestFirst.slice(2, 4));
    const receivedIds = byStatus.items.map((item) => item.requestId);
    expect(receivedIds).toEqual([...receivedIds].sort().reverse());
    for (const id of newestFirst) expect(receivedIds).toContain(id);
  });
});

describe('approvals: bad input', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['a missing requester', { requester: undefined }],
    ['a request id that is not a ULID', { requestId: 'sha256-of-the-text' }],
    ['a tool name Bedrock would refuse', { intendedTools: ['google admin/reset 2fa!'] }],
    ['an oversized query', { action: proposedAction({ query: 'x'.repeat(20_000) }) }],
    ['a wrong type', { intendedTools: 'google_admin__reset_user_2fa' }],
  ];

  it.each(cases)('refuses %s with a validation error and writes nothing', async (_, overrides) => {
    // Prepare
    const input = { ...newApproval(), ...overrides };

    // Act
    const attempt = db.stores.approvals.create(input as never, 'api');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    if (typeof input.requestId === 'string' && /^[0-9A-Z]{26}$/.test(input.requestId)) {
      expect(await db.stores.approvals.get(input.requestId)).toBeUndefined();
      expect(await db.stores.audit.list(input.requestId)).toEqual([]);
    }
  });

  it('refuses a decision with a missing approver or an unknown verdict, changing nothing', async () => {
    // Prepare
    const pending = await pendingRequest();

    // Act
    const noApprover = db.stores.approvals.recordDecision(pending.requestId, {
      verdict: 'approved',
      approver: '',
      decidedAt: new Date().toISOString(),
    });
    const badVerdict = db.stores.approvals.recordDecision(pending.requestId, {
      verdict: 'maybe' as never,
      approver: 'U_BOB',
      decidedAt: new Date().toISOString(),
    });

    // Assess
    await expect(noApprover).rejects.toBeInstanceOf(ValidationError);
    await expect(badVerdict).rejects.toBeInstanceOf(ValidationError);
    expect(await db.stores.approvals.get(pending.requestId)).toEqual(pending);
  });

  it('refuses a transition carrying an unknown field or an oversized result', async () => {
    // Prepare
    const pending = await pendingRequest();

    // Act
    const unknownField = db.stores.approvals.transition(pending.requestId, {
      from: 'pending',
      to: 'expired',
      actor: 'workflow',
      changes: { status: 'completed' } as never,
    });
    const oversized = db.stores.approvals.transition(pending.requestId, {
      from: 'pending',
      to: 'failed',
      actor: 'workflow',
      changes: { statusReason: 'y'.repeat(5_000) },
    });

    // Assess
    await expect(unknownField).rejects.toBeInstanceOf(ValidationError);
    await expect(oversized).rejects.toBeInstanceOf(ValidationError);
    expect(await db.stores.approvals.get(pending.requestId)).toEqual(pending);
  });

  it('refuses a cursor it did not issue', async () => {
    // Act
    const attempt = db.stores.approvals.listByStatus('pending', { cursor: 'not-a-cursor' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
  });
});
