import { approvedDigestOf } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { buttonClick, gatewayHarness } from './harness.js';

describe('POST /slack/interactivity: Approve and Reject', () => {
  it('records an authorised approval, hands it to the workflow and updates the card in place', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    const response = await gateway.send(
      '/slack/interactivity',
      buttonClick('U_APPROVER', 'hitl_approve', value),
    );
    // Assess
    expect(response.status).toBe(200);
    const decided = await gateway.approvals.get(item.requestId);
    expect(decided?.status).toBe('approved');
    expect(decided?.decision).toMatchObject({ approver: 'U_APPROVER', verdict: 'approved' });
    expect(gateway.tokens.deliveries).toEqual([
      { taskToken: `token-${item.requestId}`, output: { verdict: 'approved' } },
    ]);
    const updates = gateway.slack
      .of('chat.update')
      .filter((args) => args.ts === '1700000000.000200');
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]?.blocks)).not.toContain('hitl_approve');
    expect(JSON.stringify(updates[0])).toContain('U_APPROVER');
  });

  it('records a rejection', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U_APPROVER_2', 'hitl_reject', value));
    // Assess
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('rejected');
    expect(gateway.tokens.deliveries[0]?.output).toEqual({ verdict: 'rejected' });
  });

  it.each([
    ['someone policy does not name', 'U_ADMIN', 'may not decide'],
    ['the requester, approving their own request', 'U_ALICE', 'cannot approve your own request'],
    ['someone the directory does not know', 'U_STRANGER', 'do not know you'],
  ])('refuses %s with an ephemeral message, changing nothing', async (_name, clicker, why) => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    const response = await gateway.send(
      '/slack/interactivity',
      buttonClick(clicker, 'hitl_approve', value),
    );
    // Assess
    expect(response.status).toBe(200);
    expect(gateway.slack.of('chat.postEphemeral')).toEqual([
      expect.objectContaining({
        user: clicker,
        channel: 'C_OPS',
        text: expect.stringContaining(why),
      }),
    ]);
    expect(gateway.slack.of('chat.update')).toEqual([]);
    const after = await gateway.approvals.get(item.requestId);
    expect(after?.status).toBe('pending');
    expect(after?.votes).toEqual([]);
    expect(gateway.tokens.deliveries).toEqual([]);
  });

  it('refuses a click after the request expired', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    gateway.clock.advance(3_600_000);
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U_APPROVER', 'hitl_approve', value));
    // Assess
    expect(gateway.slack.of('chat.postEphemeral')[0]?.text).toContain('expired');
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('pending');
    expect(gateway.tokens.deliveries).toEqual([]);
  });

  it('records one decision when 20 clicks arrive at once', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    const clickers = Array.from({ length: 20 }, (_, index) =>
      index % 2 === 0 ? 'U_APPROVER' : 'U_APPROVER_2',
    );
    // Act
    const responses = await Promise.all(
      clickers.map((clicker, index) =>
        gateway.send(
          '/slack/interactivity',
          buttonClick(clicker, index % 3 === 0 ? 'hitl_reject' : 'hitl_approve', value),
        ),
      ),
    );
    // Assess
    expect(responses.map((response) => response.status)).toEqual(clickers.map(() => 200));
    const decided = await gateway.approvals.get(item.requestId);
    expect(['approved', 'rejected']).toContain(decided?.status);
    expect(decided?.votes).toHaveLength(1);
    expect(gateway.tokens.deliveries).toHaveLength(1);
    expect(gateway.slack.of('chat.postEphemeral').length).toBeGreaterThanOrEqual(18);
  });

  it('takes who acts from the signed user alone, whatever the button value names', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const forged = {
      requestId: item.requestId,
      callsDigest: approvedDigestOf(item),
      approver: 'U_APPROVER',
      user: { id: 'U_APPROVER' },
      requester: 'U_SOMEONE_ELSE',
    };
    // Act: the requester clicks with a value naming an approver
    await gateway.send('/slack/interactivity', buttonClick('U_ALICE', 'hitl_approve', forged));
    // Assess
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('pending');
    expect(gateway.slack.of('chat.postEphemeral')[0]).toMatchObject({ user: 'U_ALICE' });
  });

  it('refuses a vote for calls other than those the card showed', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const value = { requestId: item.requestId, callsDigest: 'f'.repeat(64) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U_APPROVER', 'hitl_approve', value));
    // Assess
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('pending');
    expect(gateway.slack.of('chat.postEphemeral')).toHaveLength(1);
  });

  it('keeps a recorded decision when Slack refuses to update the card', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    gateway.slack.failNext('chat.update');
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    const response = await gateway.send(
      '/slack/interactivity',
      buttonClick('U_APPROVER', 'hitl_approve', value),
    );
    // Assess
    expect(response.status).toBe(200);
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('approved');
    expect(gateway.tokens.deliveries).toHaveLength(1);
  });

  it('tells the clicker to try again when the workflow cannot be told yet, the vote kept', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    gateway.tokens.failNext(new Error('Step Functions is unreachable'));
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    const response = await gateway.send(
      '/slack/interactivity',
      buttonClick('U_APPROVER', 'hitl_approve', value),
    );
    // Assess
    expect(response.status).toBe(200);
    expect(gateway.slack.of('chat.postEphemeral')[0]?.text).toContain('try again');
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('approved');
  });
});
