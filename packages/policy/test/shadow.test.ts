import type { ApprovalItem, PolicyDecision } from '@agentcore/core';
import { ApprovalItemSchema } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  PolicyEngine,
  type PolicySource,
  renderDiff,
  replayApprovals,
  shadowCompare,
} from '../src/index.js';
import { fixedClock, NOW, proposedAction } from './support/actions.js';
import { CATALOG } from './support/catalog.js';

const ACTIVE: PolicySource = {
  name: 'active.cedar',
  text: `
@id("read-only") permit (principal, action in Action::"hint:read_only", resource);
@id("destructive") @outcome("require_approval") forbid (principal, action in Action::"hint:destructive", resource);
`,
};

const DRAFT: PolicySource = {
  name: 'draft.cedar',
  text: `
@id("read-only") permit (principal, action in Action::"hint:read_only", resource);
@id("no-deletes-in-prod") forbid (principal, action == Action::"jira__delete_project", resource)
  when { context has resource && context.resource == "111111111111" };
@id("destructive") @outcome("require_approval") @quorum("2")
forbid (principal, action in Action::"hint:destructive", resource);
@id("calendar-ok") permit (principal, action == Action::"calendar__create_event", resource);
`,
};

function engines() {
  const active = new PolicyEngine({ catalog: CATALOG, policies: [ACTIVE], clock: fixedClock });
  return { active, draft: active.withPolicies([DRAFT]) };
}

const requests = [
  {
    requestId: 'R-SAME',
    action: proposedAction({ intendedTools: ['gifs__search_gifs'] }),
    at: NOW,
  },
  {
    requestId: 'R-DENY',
    action: proposedAction({
      intendedTools: ['jira__delete_project'],
      toolCalls: [{ tool: 'jira__delete_project', arguments: { account_id: '111111111111' } }],
    }),
    at: NOW,
  },
  {
    requestId: 'R-QUORUM',
    action: proposedAction({ intendedTools: ['jira__delete_project'] }),
    at: NOW,
  },
  {
    requestId: 'R-LOOSER',
    action: proposedAction({ intendedTools: ['calendar__create_event'] }),
    at: NOW,
  },
];

describe('shadow mode', () => {
  it('reports every request the draft would decide differently, and nothing else', () => {
    // Prepare
    const { active, draft } = engines();

    // Act
    const diff = shadowCompare(active, draft, requests);

    // Assess
    expect(diff.total).toBe(4);
    expect(diff.unchanged).toBe(1);
    expect(
      diff.changes.map((change) => [
        change.requestId,
        change.kind,
        change.before?.outcome,
        change.after.outcome,
      ]),
    ).toEqual([
      ['R-DENY', 'stricter', 'require_approval', 'deny'],
      ['R-QUORUM', 'approval', 'require_approval', 'require_approval'],
      ['R-LOOSER', 'looser', 'require_approval', 'allow'],
    ]);
    expect(diff.changes[1]?.after.approval?.quorum).toBe(2);
  });

  it('leaves the active engine as it was', () => {
    // Prepare
    const { active, draft } = engines();

    // Act
    shadowCompare(active, draft, requests);

    // Assess
    expect(active.policies.map((policy) => policy.id)).toEqual(['read-only', 'destructive']);
    expect(draft.policies.map((policy) => policy.id)).toEqual([
      'read-only',
      'no-deletes-in-prod',
      'destructive',
      'calendar-ok',
    ]);
  });
});

function storedItem(
  requestId: string,
  action: ReturnType<typeof proposedAction>,
  policy?: PolicyDecision,
): ApprovalItem {
  return ApprovalItemSchema.parse({
    requestId,
    status: 'pending',
    version: 1,
    createdAt: '2025-01-18T03:00:00.000Z',
    updatedAt: '2025-01-18T03:00:00.000Z',
    requester: action.requester,
    action,
    ...(policy === undefined ? {} : { policy }),
  });
}

describe('replay', () => {
  const weekend: PolicySource = {
    name: 'weekend.cedar',
    text: `
@id("read-only") permit (principal, action in Action::"hint:read_only", resource);
@id("no-weekend-changes") forbid (principal, action, resource)
  when { context.weekdayUtc == 6 || context.weekdayUtc == 0 }
  unless { action in Action::"hint:read_only" };
`,
  };

  it('decides stored requests again at the time they were made and prints the diff', () => {
    // Prepare
    const { active } = engines();
    const draft = active.withPolicies([weekend]);
    const recorded = active.decide(proposedAction({ intendedTools: ['jira__delete_project'] }));
    const items = [
      storedItem(
        '01JABCDEFGHJKMNPQRSTVWXYZ0',
        proposedAction({ intendedTools: ['jira__delete_project'] }),
        recorded,
      ),
      storedItem(
        '01JABCDEFGHJKMNPQRSTVWXYZ1',
        proposedAction({ intendedTools: ['gifs__search_gifs'] }),
        {
          outcome: 'allow',
          policyIds: ['read-only'],
          reason: 'Allowed. gifs__search_gifs: read-only tool',
        },
      ),
      storedItem(
        '01JABCDEFGHJKMNPQRSTVWXYZ2',
        proposedAction({ intendedTools: ['calendar__create_event'] }),
      ),
    ];

    // Act
    const diff = replayApprovals(items, draft);
    const text = renderDiff(diff);

    // Assess
    expect(
      diff.changes.map((change) => [change.requestId, change.kind, change.after.outcome]),
    ).toEqual([
      ['01JABCDEFGHJKMNPQRSTVWXYZ0', 'stricter', 'deny'],
      ['01JABCDEFGHJKMNPQRSTVWXYZ2', 'unrecorded', 'deny'],
    ]);
    expect(text).toBe(`Replay: 3 stored request(s) against the draft policies
3 request(s): 2 changed (1 stricter, 1 unrecorded), 1 unchanged

01JABCDEFGHJKMNPQRSTVWXYZ0  2025-01-18T03:00:00.000Z  stricter  tools: jira__delete_project
  before: require_approval (by destructive; quorum 1, expires in 3600s)
  after:  deny (by no-weekend-changes)
          Denied. jira__delete_project: policy no-weekend-changes

01JABCDEFGHJKMNPQRSTVWXYZ2  2025-01-18T03:00:00.000Z  unrecorded  tools: calendar__create_event
  before: (no recorded decision)
  after:  deny (by no-weekend-changes)
          Denied. calendar__create_event: policy no-weekend-changes
`);
  });

  it('compares requests stored without a decision with a baseline engine when given one', () => {
    // Prepare
    const { active, draft } = engines();
    const items = [
      storedItem(
        '01JABCDEFGHJKMNPQRSTVWXYZ3',
        proposedAction({ intendedTools: ['calendar__create_event'] }),
      ),
    ];

    // Act
    const diff = replayApprovals(items, draft, active);

    // Assess
    expect(
      diff.changes.map((change) => [change.kind, change.before?.outcome, change.after.outcome]),
    ).toEqual([['looser', 'require_approval', 'allow']]);
  });
});
