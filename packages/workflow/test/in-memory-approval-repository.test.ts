import { newRequestId, RetryableError, StatusConflictError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  approvalRepositoryContract,
  InMemoryApprovalRepository,
  ManualClock,
} from '../src/testing/index.js';

approvalRepositoryContract(async (clock) => new InMemoryApprovalRepository(clock));

function newApproval(clock: ManualClock) {
  const requestId = newRequestId(clock.now().getTime());
  const requester = { userId: 'U_ALICE', groups: [] };
  return {
    requestId,
    requester,
    action: {
      requester,
      origin: { source: 'cli' as const },
      query: 'search for cat gifs',
      summary: 'Run gifs/search_gifs',
      category: 'other' as const,
      environment: 'dev',
      intendedTools: ['gifs__search_gifs'],
    },
    intendedTools: ['gifs__search_gifs'],
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${requestId}`,
  };
}

describe('InMemoryApprovalRepository', () => {
  it('audits every write as the DynamoDB repository does, and nothing it refused', async () => {
    // Prepare
    const clock = new ManualClock();
    const repository = new InMemoryApprovalRepository(clock.now);
    const input = newApproval(clock);

    // Act
    await repository.create(input, 'U_ALICE');
    await repository.create(input, 'U_ALICE');
    await repository.amend(input.requestId, {
      status: 'received',
      actor: 'policy',
      changes: { statusReason: 'needs approval', taskToken: 't' },
    });
    await repository.transition(input.requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
    });
    const refused = await repository
      .transition(input.requestId, { from: 'received', to: 'denied', actor: 'policy' })
      .catch((error: unknown) => error);
    await repository.recordDecision(
      input.requestId,
      {
        verdict: 'approved',
        approver: 'U_BOB',
        decidedAt: clock.now().toISOString(),
        allowedTools: ['gifs__search_gifs'],
      },
      2,
    );
    await repository.recordDecision(
      input.requestId,
      {
        verdict: 'rejected',
        approver: 'U_CAROL',
        decidedAt: clock.now().toISOString(),
        allowedTools: [],
        comment: 'not today',
      },
      2,
    );

    // Assess
    expect(refused).toBeInstanceOf(StatusConflictError);
    expect(repository.auditEvents(input.requestId)).toEqual([
      {
        requestId: input.requestId,
        type: 'request.created',
        actor: 'U_ALICE',
        data: { status: 'received', intendedTools: ['gifs__search_gifs'] },
      },
      {
        requestId: input.requestId,
        type: 'request.amended',
        actor: 'policy',
        data: { status: 'received', fields: ['statusReason', 'taskToken'] },
      },
      {
        requestId: input.requestId,
        type: 'request.status_changed',
        actor: 'approval',
        data: { from: 'received', to: 'pending', reason: null },
      },
      {
        requestId: input.requestId,
        type: 'request.vote_recorded',
        actor: 'U_BOB',
        data: {
          verdict: 'approved',
          votes: 1,
          quorum: 2,
          allowedTools: ['gifs__search_gifs'],
          comment: null,
        },
      },
      {
        requestId: input.requestId,
        type: 'request.decided',
        actor: 'U_CAROL',
        data: { verdict: 'rejected', votes: 2, quorum: 2, allowedTools: [], comment: 'not today' },
      },
    ]);
  });

  it('keeps each request its own audit stream', async () => {
    // Prepare
    const clock = new ManualClock();
    const repository = new InMemoryApprovalRepository(clock.now);
    const first = newApproval(clock);
    const second = newApproval(clock);

    // Act
    await repository.create(first, 'api');
    await repository.create(second, 'api');

    // Assess
    expect(repository.auditEvents(first.requestId).map((event) => event.requestId)).toEqual([
      first.requestId,
    ]);
    expect(repository.auditEvents()).toHaveLength(2);
  });

  it('throws a scripted fault from the next call of that method only, writing nothing', async () => {
    // Prepare
    const clock = new ManualClock();
    const repository = new InMemoryApprovalRepository(clock.now);
    const input = newApproval(clock);
    const fault = new RetryableError('DynamoDB throttled the write');
    repository.failNext('create', fault);

    // Act
    const failed = repository.create(input, 'api');
    const afterFault = await repository.get(input.requestId);
    const retried = await repository.create(input, 'api');

    // Assess
    await expect(failed).rejects.toBe(fault);
    expect(afterFault).toBeUndefined();
    expect(retried.status).toBe('received');
    expect(repository.auditEvents()).toHaveLength(1);
  });

  it('throws a fault scripted for several calls that many times', async () => {
    // Prepare
    const repository = new InMemoryApprovalRepository(new ManualClock().now);
    repository.failNext('get', new RetryableError('read timed out'), 2);
    const requestId = newRequestId(0);

    // Act
    const attempts = await Promise.allSettled([
      repository.get(requestId),
      repository.get(requestId),
      repository.get(requestId),
    ]);

    // Assess
    expect(attempts.map((attempt) => attempt.status)).toEqual([
      'rejected',
      'rejected',
      'fulfilled',
    ]);
  });
});
