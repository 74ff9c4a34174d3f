import { DEFAULT_POLICY_SOURCES } from '@agentcore/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';
import { ManualTime } from '../support/manual-time.js';
import { TEST_POLICIES } from '../support/ops-server.js';

/** Policies keyed on a call's argument, and a tool that needs two approvers. */
const ARGUMENT_POLICIES = {
  name: 'edit-and-quorum.cedar',
  text: `@id("e2e.vip-accounts")
@outcome("deny")
@reason("VIP accounts are never reset from a request")
forbid (principal, action == Action::"ops__reset_2fa", resource)
when { resource.hasTag("email") && resource.getTag("email") like "*@vip.example.com" };

@id("e2e.admin-accounts")
@outcome("require_approval")
@reason("admin accounts need two approvers")
@quorum("2")
forbid (principal, action == Action::"ops__reset_2fa", resource)
when { resource.hasTag("email") && resource.getTag("email") like "*@admins.example.com" };

@id("e2e.grants-need-two")
@outcome("require_approval")
@reason("admin grants need two approvers")
@quorum("2")
forbid (principal, action == Action::"ops__grant_admin", resource);
`,
};

let system: LocalSystem;
const time = new ManualTime();

beforeAll(async () => {
  system = await startLocalSystem({
    policies: [...DEFAULT_POLICY_SOURCES, ...TEST_POLICIES, ARGUMENT_POLICIES],
    clock: time.clock,
    timers: time.timers,
  });
});

afterAll(async () => {
  await system?.stop();
});

const reset = (email: string) => ({ tool: 'ops__reset_2fa', arguments: { email } });

async function pending(calls: unknown[]): Promise<string> {
  const submitted = await system.submit({ toolCalls: calls });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const requestId = submitted.body.requestId as string;
  await system.waitFor(requestId, 'pending');
  return requestId;
}

const unique = (name: string, domain = 'example.com') => `${name}-${Date.now()}@${domain}`;

describe('quorum: the tools approved are those every approving vote approved', () => {
  it('runs nothing the first approver left out, though the second approved it', async () => {
    // Prepare
    const email = unique('quorum');
    const requestId = await pending([
      reset(email),
      { tool: 'ops__grant_admin', arguments: { email } },
    ]);

    // Act
    const first = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved', allowedTools: ['ops__reset_2fa'] },
      'approver',
    );
    const second = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver2',
    );
    await system.runtime.settled(requestId);
    const item = await system.runtime.stores.approvals.get(requestId);
    const timeline = await system.api('GET', `/requests/${requestId}/timeline`);

    // Assess
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(item?.allowedTools).toEqual(['ops__reset_2fa']);
    expect(system.ops.callsOf('grant_admin', email)).toEqual([]);
    expect(item?.status).toBe('failed');
    expect(item?.statusReason).toContain('ops__grant_admin');
    const events = (timeline.body.events as { type: string; data: unknown }[]).map((event) =>
      JSON.stringify(event),
    );
    expect(events.filter((event) => event.includes('ops__grant_admin')).at(-1)).toMatch(
      /failed|refused|not allowed|not approved/i,
    );
  });
});

describe('edit before approve', () => {
  it('re-runs policy on the edited arguments, voids the votes, and runs the edited call', async () => {
    // Prepare
    const before = unique('first', 'admins.example.com');
    const after = unique('second', 'admins.example.com');
    const requestId = await pending([reset(before)]);
    const vote = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver',
    );

    // Act
    const edited = await system.hitl(
      'edit',
      requestId,
      '--call',
      '0',
      '--args',
      JSON.stringify({ email: after }),
      '--comment',
      'the ticket names the second account',
      '--as',
      'approver2',
      '--json',
    );
    const requesterTimeline = await system.hitl('timeline', requestId);
    const approverTimeline = await system.api(
      'GET',
      `/requests/${requestId}/timeline`,
      undefined,
      'approver',
    );
    const again = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver',
    );
    const stillPending = await system.runtime.stores.approvals.get(requestId);
    await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver2',
    );
    await system.runtime.settled(requestId);
    const done = await system.runtime.stores.approvals.get(requestId);

    // Assess
    expect(vote.status).toBe(200);
    expect(edited.code, edited.stderr).toBe(0);
    const view = JSON.parse(edited.stdout).request;
    expect(view.status).toBe('pending');
    expect(view.votes).toEqual([]);
    expect(view.toolCalls).toEqual([reset(after)]);
    expect(view.policy.policyIds).toContain('e2e.admin-accounts');
    expect(requesterTimeline.stdout).toContain(`{"email":"${before}"} -> {"email":"${after}"}`);
    expect(requesterTimeline.stdout).toContain('U_APPROVER_2');
    const amended = (
      approverTimeline.body.events as {
        type: string;
        actor: string;
        data: Record<string, unknown>;
      }[]
    ).find((event) => event.type === 'request.amended' && Array.isArray(event.data.changes));
    expect(amended?.actor).toBe('U_APPROVER_2');
    expect(amended?.data.changes).toEqual([
      { call: 0, tool: 'ops__reset_2fa', before: { email: before }, after: { email: after } },
    ]);
    // The first approver's earlier vote no longer counted: one new vote of two did not settle it.
    expect(again.status).toBe(200);
    expect(stillPending?.status).toBe('pending');
    expect(done?.status).toBe('completed');
    expect(system.ops.callsOf('reset_2fa', after)).toHaveLength(1);
    expect(system.ops.callsOf('reset_2fa', before)).toEqual([]);
  });

  it('refuses (409) a vote sent with the calls as they were before an edit, and counts one for them as they are', async () => {
    // Prepare: Ana reads the request; Ben then edits its call.
    const requestId = await pending([reset(unique('read', 'admins.example.com'))]);
    const read = await system.api('GET', `/requests/${requestId}`, undefined, 'approver');
    const readDigest = (read.body.request as { callsDigest: string }).callsDigest;
    const edited = await system.api(
      'POST',
      `/requests/${requestId}/calls`,
      { edits: [{ call: 0, arguments: { email: unique('changed', 'admins.example.com') } }] },
      'approver2',
    );
    const reread = await system.api('GET', `/requests/${requestId}`, undefined, 'approver');

    // Act
    const stale = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved', callsDigest: readDigest },
      'approver',
    );
    const current = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      {
        verdict: 'approved',
        callsDigest: (reread.body.request as { callsDigest: string }).callsDigest,
      },
      'approver',
    );

    // Assess
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(stale.status).toBe(409);
    expect((stale.body.error as { code: string }).code).toBe('calls_changed');
    expect(current.status).toBe(200);
    expect((current.body.request as { votes: unknown[] }).votes).toHaveLength(1);
  });

  it('ends the request denied when policy denies the edited call, and runs nothing', async () => {
    // Prepare
    const requestId = await pending([reset(unique('plain'))]);
    const vip = unique('ceo', 'vip.example.com');

    // Act
    const edited = await system.api(
      'POST',
      `/requests/${requestId}/calls`,
      { edits: [{ call: 0, arguments: { email: vip } }] },
      'approver',
    );
    await system.runtime.settled(requestId);
    const item = await system.runtime.stores.approvals.get(requestId);

    // Assess
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(item?.status).toBe('denied');
    expect(item?.statusReason).toContain('VIP accounts are never reset');
    expect(item?.statusReason).toContain(vip);
    expect(system.ops.callsOf('reset_2fa', vip)).toEqual([]);
  });

  it('refuses a non-approver (403), bad arguments (400), and an edit after expiry (409)', async () => {
    // Prepare
    const requestId = await pending([reset(unique('guarded'))]);
    const { key } = await system.runtime.issueApiKey({
      userId: 'U_STRANGER',
      displayName: 'Stranger',
      roles: ['approver'],
    });
    const stranger = apiClient(system.runtime.apiUrl, key);
    const edit = { edits: [{ call: 0, arguments: { email: unique('other') } }] };

    // Act
    const byStranger = await stranger.post(`/requests/${requestId}/calls`, edit);
    const byRequester = await system.api('POST', `/requests/${requestId}/calls`, edit, 'requester');
    const badArgs = await system.api(
      'POST',
      `/requests/${requestId}/calls`,
      { edits: [{ call: 0, arguments: { email: 'not an email' } }] },
      'approver',
    );
    const noSuchCall = await system.api(
      'POST',
      `/requests/${requestId}/calls`,
      { edits: [{ call: 3, arguments: { email: unique('x') } }] },
      'approver',
    );
    const item = await system.runtime.stores.approvals.get(requestId);
    time.advanceTo(new Date(Date.parse(item?.expiresAt ?? '') + 1_000));
    const late = await system.api('POST', `/requests/${requestId}/calls`, edit, 'approver');

    // Assess
    expect(byStranger.status).toBe(403);
    expect(byRequester.status).toBe(403);
    expect(badArgs.status).toBe(400);
    expect(noSuchCall.status).toBe(400);
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).toContain(`expired at ${item?.expiresAt}`);
    const after = await system.runtime.stores.approvals.get(requestId);
    expect(after?.action.toolCalls).toEqual(item?.action.toolCalls);
  });
});
