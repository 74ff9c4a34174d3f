// How quorum decisions behave is the ApprovalRepository contract's (approval-repository.test.ts
// runs it on DynamoDB); this file holds what only the DynamoDB audit chain shows.
import { ManualClock } from '@agentcore/workflow/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';
import { newApproval } from '../../support/fixtures.js';

let db: TestDatabase;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock();
  db = await createTestDatabase(clock.now);
});

async function pendingRequest() {
  const input = newApproval({}, clock.now().getTime());
  const created = await db.stores.approvals.create(
    {
      ...input,
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${input.requestId}`,
    },
    'api',
  );
  await db.stores.approvals.transition(created.requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
  });
  return created;
}

describe('quorum on DynamoDB', () => {
  it('chains one audit event per counted vote when 50 approvers race for a quorum of 3', async () => {
    // Prepare
    const pending = await pendingRequest();

    // Act
    await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        db.stores.approvals.recordDecision(
          pending.requestId,
          {
            verdict: 'approved',
            approver: `U${index}`,
            decidedAt: clock.now().toISOString(),
            allowedTools: ['google_admin__reset_user_2fa'],
          },
          3,
        ),
      ),
    );

    // Assess
    const events = await db.stores.audit.list(pending.requestId);
    expect(events.map((event) => event.type)).toEqual([
      'request.created',
      'request.status_changed',
      'request.vote_recorded',
      'request.vote_recorded',
      'request.decided',
    ]);
    expect(events.slice(2).map((event) => event.data.votes)).toEqual([1, 2, 3]);
    expect(await db.stores.audit.verify(pending.requestId)).toEqual({ ok: true, events: 5 });
  });
});
