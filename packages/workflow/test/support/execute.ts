import type { ApprovalItem } from '@agentcore/core';
import {
  awaitApproval,
  type ExecuteDeps,
  recordApproverDecision,
  type ToolSessions,
} from '../../src/index.js';
import { InMemoryExecutionAudit } from '../../src/testing/index.js';
import { InMemoryTools, type ToolFunction } from './tools.js';
import {
  BOB,
  ownStep,
  RESET,
  requireApproval,
  SEARCH,
  type Seed,
  SUSPEND,
  type World,
} from './world.js';

/** The tools of the execute tests: each says what it did to whom. */
export function catalogue(overrides: Record<string, ToolFunction> = {}) {
  return new InMemoryTools({
    [RESET]: (args) => ({ text: `2FA reset for ${String(args.email)}` }),
    [SUSPEND]: (args) => ({ text: `suspended ${String(args.email)}` }),
    [SEARCH]: (args) => ({ text: `cats for ${String(args.query)}` }),
    ...overrides,
  });
}

/** The execute step's dependencies over `world`, recording evidence in `audit`. */
export function executeDeps(
  world: World,
  sessions: ToolSessions,
  audit = new InMemoryExecutionAudit(world.clock),
): ExecuteDeps {
  return {
    approvals: world.approvals,
    evidence: world.approvals,
    sessions,
    audit,
    clock: world.clock.now,
  };
}

/** A request taken through the approval steps, pinned by `tools`, approved by BOB. */
export async function approved(
  world: World,
  tools: InMemoryTools,
  seed: Seed = {},
  allowedTools?: string[],
): Promise<ApprovalItem> {
  const item = await world.received(seed);
  await awaitApproval(
    {
      approvals: world.approvals,
      pinner: tools,
      notifier: world.notifier,
      tokens: world.tokens,
      clock: world.clock.now,
    },
    {
      ...ownStep(item),
      taskToken: 'token-1',
      expiresInSeconds: 900,
      policy: seed.policy ?? requireApproval(),
    },
  );
  return recordApproverDecision(
    {
      approvals: world.approvals,
      tokens: world.tokens,
      directory: world.directory,
      clock: world.clock.now,
    },
    { requestId: item.requestId, approver: BOB, verdict: 'approved', allowedTools },
  );
}
