import {
  newRequestId,
  ProposedActionSchema,
  type Requester,
  ValidationError,
} from '@agentcore/core';
import type { ApprovalRepository } from '@agentcore/workflow';
import {
  approvalRepositoryContract,
  InMemoryApprovalRepository,
  ManualClock,
} from '@agentcore/workflow/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/dynamodb.js';
import { proposedAction } from '../../support/fixtures.js';

// Fresh tables for every contract case: listing asserts on everything in a status.
approvalRepositoryContract(async (clock) => (await createTestDatabase(clock)).stores.approvals);

let db: TestDatabase;
let clock: ManualClock;

beforeAll(async () => {
  clock = new ManualClock();
  db = await createTestDatabase(clock.now);
});

type NewRequest = Parameters<ApprovalRepository['create']>[0];

function newApproval(requester?: Requester): NewRequest {
  const action = ProposedActionSchema.parse(proposedAction(requester && { requester }));
  const requestId = newRequestId(clock.now().getTime());
  return {
    requestId,
    requester: action.requester,
    action,
    intendedTools: action.intendedTools,
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${requestId}`,
  };
}

async function auditOf(requestId: string) {
  const events = await db.stores.audit.list(requestId);
  return events.map(({ type, actor, data }) => ({ requestId, type, actor, data }));
}

/** The same writes, refusals included, through any repository. */
async function lifeOfARequest(repository: ApprovalRepository, input: NewRequest) {
  const created = await repository.create(input, 'api');
  await repository.create(input, 'api');
  await repository.amend(created.requestId, {
    status: 'received',
    actor: 'policy',
    changes: { statusReason: 'needs approval', taskToken: 'token-0' },
  });
  await repository.transition(created.requestId, {
    from: 'received',
    to: 'pending',
    actor: 'approval',
    changes: { taskToken: 'token-1', allowedTools: created.intendedTools },
  });
  const decide = (approver: string) =>
    repository.recordDecision(
      created.requestId,
      {
        verdict: 'approved',
        approver,
        decidedAt: clock.now().toISOString(),
        allowedTools: created.intendedTools,
      },
      2,
    );
  await decide('U1');
  await decide('U1').catch(() => undefined);
  await decide('U2');
  await repository
    .transition(created.requestId, { from: 'pending', to: 'expired', actor: 'workflow' })
    .catch(() => undefined);
  await repository.transition(created.requestId, {
    from: 'approved',
    to: 'failed',
    actor: 'execute',
    changes: { statusReason: 'the tool server was down' },
  });
}

describe('DynamoApprovalRepository: what only DynamoDB shows', () => {
  it('writes the audit events the in-memory repository records, in one chain', async () => {
    // Prepare
    const input = newApproval();
    const fake = new InMemoryApprovalRepository(clock.now);

    // Act
    await lifeOfARequest(db.stores.approvals, input);
    await lifeOfARequest(fake, input);

    // Assess
    expect(await auditOf(input.requestId)).toEqual(fake.auditEvents(input.requestId));
    expect(await db.stores.audit.verify(input.requestId)).toEqual({ ok: true, events: 6 });
  });

  it('audits only the decision that won a race', async () => {
    // Prepare
    const created = await db.stores.approvals.create(newApproval(), 'api');
    await db.stores.approvals.transition(created.requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
    });

    // Act
    await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        db.stores.approvals.recordDecision(
          created.requestId,
          {
            verdict: index % 2 === 0 ? 'approved' : 'rejected',
            approver: `U_APPROVER_${index}`,
            decidedAt: clock.now().toISOString(),
            allowedTools: created.intendedTools,
          },
          1,
        ),
      ),
    );

    // Assess
    expect((await auditOf(created.requestId)).map((event) => event.type)).toEqual([
      'request.created',
      'request.status_changed',
      'request.decided',
    ]);
  });

  it("lists one requester's requests newest first, page by page", async () => {
    // Prepare
    const requester = { userId: 'U_LIST', groups: [] };
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      clock.advance(1_000);
      created.push((await db.stores.approvals.create(newApproval(requester), 'cli')).requestId);
    }
    const newestFirst = [...created].reverse();

    // Act
    const first = await db.stores.approvals.listByRequester(requester.userId, { limit: 2 });
    const second = await db.stores.approvals.listByRequester(requester.userId, {
      limit: 2,
      cursor: first.nextCursor,
    });

    // Assess
    expect(first.items.map((item) => item.requestId)).toEqual(newestFirst.slice(0, 2));
    expect(second.items.map((item) => item.requestId)).toEqual(newestFirst.slice(2, 4));
  });

  it('refuses a change that would not fit in a DynamoDB item, writing nothing', async () => {
    // Prepare
    const created = await db.stores.approvals.create(newApproval(), 'api');
    const startedAt = clock.now().toISOString();
    const output = 'x'.repeat(90_000);
    const result = {
      outcome: 'completed' as const,
      output,
      toolCalls: Array.from({ length: 4 }, () => ({
        tool: 'google_admin__reset_user_2fa',
        arguments: {},
        ok: true,
        output,
      })),
      startedAt,
      finishedAt: startedAt,
    };

    // Act
    const attempt = db.stores.approvals.transition(created.requestId, {
      from: 'received',
      to: 'executing',
      actor: 'execute',
      changes: { result },
    });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    expect(await db.stores.approvals.get(created.requestId)).toEqual(created);
    expect(await auditOf(created.requestId)).toHaveLength(1);
  });
});
