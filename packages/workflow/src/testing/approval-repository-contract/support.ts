import {
  type ApprovalItem,
  type Decision,
  newRequestId,
  type ProposedAction,
} from '@agentcore/core';
import { beforeEach } from 'vitest';
import type { ApprovalRepository, Clock } from '../../ports.js';
import { ManualClock } from '../manual-clock.js';

type NewApprovalInput = Parameters<ApprovalRepository['create']>[0];

/** Builds a fresh, empty repository whose writes take their time from `clock`. */
export type ApprovalRepositoryFactory = (clock: Clock) => Promise<ApprovalRepository>;

export const TOOL = 'google_admin__reset_user_2fa';
export const OTHER_TOOL = 'google_admin__suspend_user';
export const SECOND = 1_000;

export function proposedAction(overrides: Partial<ProposedAction> = {}): ProposedAction {
  return {
    requester: { userId: 'U_ALICE', email: 'alice@example.com', groups: ['ops'] },
    origin: { source: 'slack', channelId: 'C123', threadTs: '1700000000.000100' },
    query: 'reset 2FA for bob@example.com',
    summary: 'Turn off 2-step verification for bob@example.com',
    category: 'user_account_access',
    resource: 'bob@example.com',
    environment: 'dev',
    intendedTools: [TOOL, OTHER_TOOL],
    ...overrides,
  };
}

/** A well-formed approval; the malformed ones in the refusal tests each break one thing in it. */
export const WELL_FORMED: Decision = {
  verdict: 'approved',
  approver: 'U_BOB',
  decidedAt: '2030-01-01T00:00:00.000Z',
  allowedTools: [TOOL],
};

/**
 * What `call` failed with, whether it threw or its promise was rejected (so a refusal is caught
 * right away, never left as an unhandled rejection); fails the test if `call` succeeded.
 */
export async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

/**
 * The current test's clock and repository, and builders that use them. Each concern's file reads
 * `current()` in its own `beforeEach`, which vitest runs after the one that made the repository.
 */
export interface ContractFixture {
  current(): { clock: ManualClock; repository: ApprovalRepository };
  newApproval(): NewApprovalInput;
  approve(approver: string, allowedTools?: string[]): Decision;
  reject(approver: string, comment?: string): Decision;
  stored(requestId: string): Promise<ApprovalItem>;
  pendingRequest(): Promise<ApprovalItem>;
}

/**
 * Registers the `beforeEach` that gives every test a fresh repository and a ManualClock starting
 * at 2030-01-01; call it inside the contract's `describe`, before the concerns.
 */
export function contractFixture(makeRepository: ApprovalRepositoryFactory): ContractFixture {
  let clock: ManualClock;
  let repository: ApprovalRepository;

  beforeEach(async () => {
    clock = new ManualClock('2030-01-01T00:00:00.000Z');
    repository = await makeRepository(clock.now);
  });

  function newApproval(): NewApprovalInput {
    const requestId = newRequestId(clock.now().getTime());
    const action = proposedAction();
    return {
      requestId,
      requester: action.requester,
      action,
      intendedTools: action.intendedTools,
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:hitl:${requestId}`,
    };
  }

  function approve(approver: string, allowedTools = [TOOL, OTHER_TOOL]): Decision {
    return { verdict: 'approved', approver, decidedAt: clock.now().toISOString(), allowedTools };
  }

  function reject(approver: string, comment?: string): Decision {
    return {
      verdict: 'rejected',
      approver,
      decidedAt: clock.now().toISOString(),
      allowedTools: [],
      comment,
    };
  }

  async function stored(requestId: string): Promise<ApprovalItem> {
    const item = await repository.get(requestId);
    if (!item) throw new Error(`request ${requestId} is not stored`);
    return item;
  }

  async function pendingRequest(): Promise<ApprovalItem> {
    const created = await repository.create(newApproval(), 'api');
    await repository.transition(created.requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
      changes: { taskToken: 'token-1', allowedTools: created.intendedTools },
    });
    return stored(created.requestId);
  }

  return {
    current: () => ({ clock, repository }),
    newApproval,
    approve,
    reject,
    stored,
    pendingRequest,
  };
}
