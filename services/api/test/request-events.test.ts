import { describe, expect, it } from 'vitest';
import { eventsOfAuditEntry } from '../src/request-events.js';

const at = '2026-11-29T10:00:00.000Z';
const entry = (type: string, data: Record<string, unknown>, actor = 'system') => ({
  seq: 1,
  at,
  type,
  actor,
  data,
});

describe('eventsOfAuditEntry', () => {
  it('names the steps a follower cares about', () => {
    const names = [
      entry('request.created', {}, 'U_ALICE'),
      entry('request.amended', { fields: ['action', 'intendedTools'] }),
      entry('request.status_changed', {
        from: 'received',
        to: 'pending',
        policy: 'require_approval',
        policyIds: ['default.destructive-tools'],
      }),
      entry('request.vote_recorded', { verdict: 'approved', votes: 1, quorum: 2 }, 'U_ANA'),
      entry('request.decided', { verdict: 'approved', votes: 2, quorum: 2 }, 'U_BEN'),
      entry('mcp.tool_call_blocked', { tool: 'ops__grant_admin' }),
    ].flatMap((audit) => eventsOfAuditEntry(audit).map((event) => event.type));

    expect(names).toEqual([
      'received',
      'planned',
      'policy_decision',
      'approval_requested',
      'status',
      'decided',
      'decided',
      'tool_refused',
    ]);
  });

  it('says which vote settled the request', () => {
    const [vote] = eventsOfAuditEntry(entry('request.vote_recorded', { votes: 1 }, 'U_ANA'));
    const [settled] = eventsOfAuditEntry(entry('request.decided', { votes: 2 }, 'U_BEN'));

    expect(vote?.data).toMatchObject({ approver: 'U_ANA', settled: false });
    expect(settled?.data).toMatchObject({ approver: 'U_BEN', settled: true });
  });

  it('passes over amendments that are not a plan, and events it does not know', () => {
    expect(eventsOfAuditEntry(entry('request.amended', { fields: ['taskToken'] }))).toEqual([]);
    expect(eventsOfAuditEntry(entry('config.saved', {}))).toEqual([]);
  });
});
