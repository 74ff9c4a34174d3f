import type { RequestStatus } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  type ApprovalRepository,
  cancelRequest,
  type ResumeDecidedDeps,
  resumeDecidedRequests,
  type TaskTokens,
} from '../../src/index.js';
import { ALICE, BOB, HOUR, World } from '../support/world.js';

const MINUTE = 60_000;
const OPTIONS = { graceSeconds: 60, maxApprovalSeconds: 4 * 3_600 };

function deps(world: World, tokens: TaskTokens = world.tokens): ResumeDecidedDeps {
  return { approvals: world.approvals, tokens, clock: world.clock.now };
}

/** The approval repository, counting the pages it was asked for by status. */
function countingPages(approvals: ApprovalRepository) {
  const pages: RequestStatus[] = [];
  const repository: ApprovalRepository = {
    create: (...args) => approvals.create(...args),
    get: (...args) => approvals.get(...args),
    transition: (...args) => approvals.transition(...args),
    amend: (...args) => approvals.amend(...args),
    recordDecision: (...args) => approvals.recordDecision(...args),
    startNextStep: (...args) => approvals.startNextStep(...args),
    listByRequester: (...args) => approvals.listByRequester(...args),
    listByStatus: (status, options) => {
      pages.push(status);
      return approvals.listByStatus(status, options);
    },
  };
  return { pages, repository };
}

describe('resumeDecidedRequests (the decision sweeper)', () => {
  it('hands over only decided requests past the grace period whose window is still open', async () => {
    // Prepare
    const world = new World();
    const approved = await world.inStatus('approved', { taskToken: 'approved-token' });
    const rejected = await world.inStatus('rejected', { taskToken: 'rejected-token' });
    await world.inStatus('approved', { expiresInMs: 5 * MINUTE });
    await world.inStatus('pending');
    await world.inStatus('executing');
    await world.inStatus('completed');
    await world.inStatus('expired');
    world.clock.advance(10 * MINUTE);
    await world.inStatus('approved');

    // Act
    const report = await resumeDecidedRequests(deps(world), OPTIONS);

    // Assess
    expect(report).toEqual({
      handedOff: [approved.requestId, rejected.requestId],
      notWaiting: [],
      failed: [],
    });
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'approved-token', output: { verdict: 'approved' } },
      { taskToken: 'rejected-token', output: { verdict: 'rejected' } },
    ]);
  });

  it('hands a cancellation over again once its grace period has passed, as cancelled', async () => {
    // Prepare: the requester cancelled, but telling the waiting workflow failed.
    const world = new World();
    const cancelled = await world.inStatus('pending', { taskToken: 'cancelled-token' });
    world.tokens.failNext(new Error('connection reset'));
    await cancelRequest(
      { approvals: world.approvals, tokens: world.tokens },
      { requestId: cancelled.requestId, requesterId: ALICE.userId },
    ).catch(() => undefined);
    world.clock.advance(OPTIONS.graceSeconds * 1_000 - 1);
    const early = await resumeDecidedRequests(deps(world), OPTIONS);
    world.clock.advance(1);

    // Act
    const report = await resumeDecidedRequests(deps(world), OPTIONS);

    // Assess
    expect(early.handedOff).toEqual([]);
    expect(report.handedOff).toEqual([cancelled.requestId]);
    expect(world.tokens.deliveries).toEqual([
      { taskToken: 'cancelled-token', output: { verdict: 'cancelled' } },
    ]);
  });

  it('leaves a decision alone until exactly the grace period has passed', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('approved');
    world.clock.advance(OPTIONS.graceSeconds * 1_000 - 1);

    // Act
    const early = await resumeDecidedRequests(deps(world), OPTIONS);
    world.clock.advance(1);
    const due = await resumeDecidedRequests(deps(world), OPTIONS);

    // Assess
    expect(early.handedOff).toEqual([]);
    expect(due.handedOff).toEqual([item.requestId]);
  });

  it('hands nothing over at or after the moment the window closes', async () => {
    // Prepare
    const world = new World();
    await world.inStatus('approved', { expiresInMs: HOUR });
    world.clock.advance(HOUR);

    // Act
    const report = await resumeDecidedRequests(deps(world), OPTIONS);

    // Assess
    expect(report.handedOff).toEqual([]);
    expect(world.tokens.deliveries).toEqual([]);
  });

  it('skips a decided request that has no token to hand over to', async () => {
    // Prepare
    const world = new World();
    const item = await world.received();
    await world.approvals.transition(item.requestId, {
      from: 'received',
      to: 'pending',
      actor: 'test',
      changes: { allowedTools: item.intendedTools },
    });
    await world.approvals.recordDecision(
      item.requestId,
      {
        verdict: 'approved',
        approver: BOB,
        decidedAt: world.clock.now().toISOString(),
        allowedTools: item.intendedTools,
      },
      1,
    );
    world.clock.advance(10 * MINUTE);

    // Act
    const report = await resumeDecidedRequests(deps(world), OPTIONS);

    // Assess
    expect(report).toEqual({ handedOff: [], notWaiting: [], failed: [] });
  });

  it('reports workflows that no longer wait, and hand-offs that failed, and carries on', async () => {
    // Prepare
    const world = new World();
    const consumed = await world.inStatus('approved', { taskToken: 'consumed' });
    const timedOut = await world.inStatus('rejected', { taskToken: 'timed-out' });
    const unlucky = await world.inStatus('approved', { taskToken: 'unlucky' });
    const lucky = await world.inStatus('approved', { taskToken: 'lucky' });
    await world.tokens.succeed('consumed', { verdict: 'approved' });
    world.tokens.stopWaiting('timed-out');
    world.clock.advance(10 * MINUTE);
    const flaky: TaskTokens = {
      succeed: (token, output) =>
        token === 'unlucky'
          ? Promise.reject(new Error('SendTaskSuccess: ServiceUnavailable'))
          : world.tokens.succeed(token, output),
    };

    // Act
    const report = await resumeDecidedRequests(deps(world, flaky), OPTIONS);

    // Assess
    expect(report).toEqual({
      handedOff: [lucky.requestId],
      notWaiting: [consumed.requestId, timedOut.requestId],
      failed: [{ requestId: unlucky.requestId, message: 'SendTaskSuccess: ServiceUnavailable' }],
    });
  });

  it('reports a failure that is not an Error by its text', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('approved');
    world.clock.advance(10 * MINUTE);
    const tokens: TaskTokens = { succeed: () => Promise.reject('throttled') };

    // Act
    const report = await resumeDecidedRequests(deps(world, tokens), OPTIONS);

    // Assess
    expect(report.failed).toEqual([{ requestId: item.requestId, message: 'throttled' }]);
  });

  it('pages through more than one page of each decided status', async () => {
    // Prepare
    const world = new World();
    const approved: string[] = [];
    const rejected: string[] = [];
    for (let i = 0; i < 5; i++) {
      approved.push((await world.inStatus('approved')).requestId);
      rejected.push((await world.inStatus('rejected')).requestId);
      world.clock.advance(1_000);
    }
    world.clock.advance(10 * MINUTE);
    const { pages, repository } = countingPages(world.approvals);

    // Act
    const report = await resumeDecidedRequests(
      { ...deps(world), approvals: repository },
      { ...OPTIONS, pageSize: 2 },
    );

    // Assess
    expect(report.handedOff).toEqual([...approved.reverse(), ...rejected.reverse()]);
    expect(pages).toEqual([
      'approved',
      'approved',
      'approved',
      'rejected',
      'rejected',
      'rejected',
      'cancelled',
    ]);
    expect(world.tokens.deliveries).toHaveLength(10);
  });

  it('stops paging at requests created too long ago to be waiting still', async () => {
    // Prepare: two ancient requests (given windows no policy grants), then a recent one
    const world = new World();
    const ancient = await world.inStatus('approved', { expiresInMs: 1_000 * HOUR });
    world.clock.advance(1_000);
    const older = await world.inStatus('approved', { expiresInMs: 1_000 * HOUR });
    world.clock.advance(2 * OPTIONS.maxApprovalSeconds * 1_000 + 10 * MINUTE);
    const recent = await world.inStatus('approved');
    world.clock.advance(10 * MINUTE);
    const { pages, repository } = countingPages(world.approvals);

    // Act
    const report = await resumeDecidedRequests(
      { ...deps(world), approvals: repository },
      { ...OPTIONS, pageSize: 1 },
    );

    // Assess: the page that reaches past the oldest request that could wait is the last read
    expect(pages).toEqual(['approved', 'approved', 'rejected', 'cancelled']);
    expect(report.handedOff).toEqual([recent.requestId, older.requestId]);
    expect(report.handedOff).not.toContain(ancient.requestId);
  });

  it('reads one empty page per status when nothing was decided', async () => {
    // Prepare
    const world = new World();
    await world.inStatus('pending');
    const { pages, repository } = countingPages(world.approvals);

    // Act
    const report = await resumeDecidedRequests({ ...deps(world), approvals: repository }, OPTIONS);

    // Assess
    expect(report).toEqual({ handedOff: [], notWaiting: [], failed: [] });
    expect(pages).toEqual(['approved', 'rejected', 'cancelled']);
  });
});
