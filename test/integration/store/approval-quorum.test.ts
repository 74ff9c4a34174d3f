import { AlreadyDecidedError, StatusConflictError } from '@agentcore/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';
import { newApproval } from '../../support/fixtures.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

async function pendingRequest() {
  const created = await db.stores.approvals.create(newApproval(), 'api');
  await db.stores.approvals.transition(created.requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
  });
  return { ...created, status: 'pending' as const };
}

const approve = (approver: string) => ({
  verdict: 'approved' as const,
  approver,
  decidedAt: new Date().toISOString(),
  allowedTools: ['google_admin__reset_user_2fa'],
});

describe('quorum', () => {
  it('stays pending until the quorum is reached, then approves', async () => {
    // Prepare
    const pending = await pendingRequest();

    // Act
    const afterFirst = await db.stores.approvals.recordDecision(
      pending.requestId,
      approve('U1'),
      2,
    );
    const afterSecond = await db.stores.approvals.recordDecision(
      pending.requestId,
      approve('U2'),
      2,
    );

    // Assess
    expect(afterFirst.status).toBe('pending');
    expect(afterFirst.votes.map((vote) => vote.approver)).toEqual(['U1']);
    expect(afterFirst.decision).toBeUndefined();
    expect(afterSecond.status).toBe('approved');
    expect(afterSecond.decision?.approver).toBe('U2');
    expect(afterSecond.allowedTools).toEqual(['google_admin__reset_user_2fa']);
    expect(afterSecond).toEqual(await db.stores.approvals.get(pending.requestId));
  });

  it('does not count the same approver twice', async () => {
    // Prepare
    const pending = await pendingRequest();
    await db.stores.approvals.recordDecision(pending.requestId, approve('U1'), 2);

    // Act
    const again = db.stores.approvals.recordDecision(pending.requestId, approve('U1'), 2);

    // Assess
    await expect(again).rejects.toBeInstanceOf(AlreadyDecidedError);
    expect((await db.stores.approvals.get(pending.requestId))?.status).toBe('pending');
  });

  it('rejects on the first rejection whatever the quorum', async () => {
    // Prepare
    const pending = await pendingRequest();
    await db.stores.approvals.recordDecision(pending.requestId, approve('U1'), 3);

    // Act
    const rejected = await db.stores.approvals.recordDecision(
      pending.requestId,
      { verdict: 'rejected', approver: 'U2', decidedAt: new Date().toISOString(), comment: 'no' },
      3,
    );

    // Assess
    expect(rejected.status).toBe('rejected');
    expect(rejected.decision).toMatchObject({ approver: 'U2', comment: 'no' });
  });

  it('lets exactly the quorum of 50 racing approvers count, once each', async () => {
    // Prepare
    const pending = await pendingRequest();

    // Act
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        db.stores.approvals.recordDecision(pending.requestId, approve(`U${index}`), 3),
      ),
    );

    // Assess
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(won).toHaveLength(3);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(AlreadyDecidedError);
    }
    const stored = await db.stores.approvals.get(pending.requestId);
    expect(stored?.status).toBe('approved');
    expect(new Set(stored?.votes.map((vote) => vote.approver)).size).toBe(3);
    expect(await db.stores.audit.verify(pending.requestId)).toEqual({ ok: true, events: 5 });
  });
});

describe('amend', () => {
  it('changes fields only while the request is still in the expected status', async () => {
    // Prepare
    const pending = await pendingRequest();

    // Act
    await db.stores.approvals.amend(pending.requestId, {
      status: 'pending',
      actor: 'local-runtime',
      changes: { taskToken: 'token-after-restart' },
    });
    const amended = await db.stores.approvals.get(pending.requestId);
    const stale = db.stores.approvals.amend(pending.requestId, {
      status: 'received',
      actor: 'local-runtime',
      changes: { taskToken: 'other' },
    });

    // Assess
    expect(amended?.taskToken).toBe('token-after-restart');
    expect(amended?.status).toBe('pending');
    await expect(stale).rejects.toBeInstanceOf(StatusConflictError);
  });
});

describe('partial changes', () => {
  it('leave every field the change did not name as it was', async () => {
    // Prepare
    const created = await db.stores.approvals.create(newApproval(), 'api');

    // Act
    await db.stores.approvals.amend(created.requestId, {
      status: 'received',
      actor: 'policy',
      changes: { statusReason: 'looked at by policy' },
    });
    const amended = await db.stores.approvals.get(created.requestId);
    await db.stores.approvals.transition(created.requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
      changes: { taskToken: 't' },
    });
    const moved = await db.stores.approvals.get(created.requestId);

    // Assess
    expect(amended?.intendedTools).toEqual(created.intendedTools);
    expect(moved?.intendedTools).toEqual(created.intendedTools);
    expect(moved?.intendedTools).not.toEqual([]);
  });
});
