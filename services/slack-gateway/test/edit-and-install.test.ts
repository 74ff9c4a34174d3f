import { approvedDigestOf } from '@agentcore/core';
import { editCallsModal } from '@agentcore/slack';
import { describe, expect, it } from 'vitest';
import { installState } from '../src/oauth.js';
import { APPROVAL_POLICY, buttonClick, gatewayHarness, interactionBody } from './harness.js';

/** The edit modal as Slack sends it back on submit, with `text` typed into call 0's input. */
function submitted(view: ReturnType<typeof editCallsModal>, userId: string, text: string) {
  return interactionBody({
    type: 'view_submission',
    user: { id: userId },
    view: {
      ...view,
      id: 'V1',
      state: { values: { call_0: { arguments: { type: 'plain_text_input', value: text } } } },
    },
  });
}

describe('Edit on the card', () => {
  it('opens the edit modal for an approver, and not for the requester', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U_APPROVER', 'hitl_edit', value));
    await gateway.send('/slack/interactivity', buttonClick('U_ALICE', 'hitl_edit', value));
    // Assess
    expect(gateway.slack.of('views.open')).toEqual([
      { trigger_id: 'trigger-1', view: editCallsModal(item) },
    ]);
    expect(gateway.slack.of('chat.postEphemeral')).toEqual([
      expect.objectContaining({ user: 'U_ALICE' }),
    ]);
  });

  it('amends the calls: policy asked again, votes reset, the card and thread show the change', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    await gateway.approvals.recordDecision(
      item.requestId,
      {
        verdict: 'approved',
        approver: 'U_APPROVER_2',
        decidedAt: gateway.clock.now().toISOString(),
        allowedTools: item.allowedTools,
        callsDigest: approvedDigestOf(item),
      },
      2,
      item,
    );
    gateway.setPolicy({ ...APPROVAL_POLICY, reason: 'asked again' });
    // Act
    const response = await gateway.send(
      '/slack/interactivity',
      submitted(editCallsModal(item), 'U_APPROVER', '{"user_key":"carol@example.com"}'),
    );
    // Assess
    expect(response.status).toBe(200);
    const edited = await gateway.approvals.get(item.requestId);
    expect(edited?.action.toolCalls?.[0]?.arguments).toEqual({ user_key: 'carol@example.com' });
    expect(edited?.votes).toEqual([]);
    expect(edited?.policy?.reason).toBe('asked again');
    expect(gateway.decided).toEqual([
      JSON.stringify([
        { tool: 'google_admin__reset_2fa', arguments: { user_key: 'carol@example.com' } },
      ]),
    ]);
    const card = gateway.slack.of('chat.update').find((args) => args.ts === '1700000000.000200');
    expect(JSON.stringify(card?.blocks)).toContain('carol@example.com');
    const told = gateway.slack.of('chat.postMessage').at(-1);
    expect(told).toMatchObject({ channel: 'C_OPS', thread_ts: '1700000000.000100' });
    expect(told?.text).toContain('carol@example.com');
    expect(told?.text).toContain('bob@example.com');
  });

  it('answers invalid JSON with errors beside the input, changing nothing', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    // Act
    const response = await gateway.send(
      '/slack/interactivity',
      submitted(editCallsModal(item), 'U_APPROVER', '{"user_key":'),
    );
    // Assess
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['call_0']);
    expect((await gateway.approvals.get(item.requestId))?.action.toolCalls?.[0]?.arguments).toEqual(
      {
        user_key: 'bob@example.com',
      },
    );
  });

  it('refuses an edit by the requester, and one of calls that changed since the modal opened', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const stale = editCallsModal(item);
    await gateway.send(
      '/slack/interactivity',
      submitted(stale, 'U_APPROVER', '{"user_key":"dan@example.com"}'),
    );
    // Act
    const byRequester = await gateway.send(
      '/slack/interactivity',
      submitted(
        editCallsModal((await gateway.approvals.get(item.requestId)) ?? item),
        'U_ALICE',
        '{"user_key":"eve@example.com"}',
      ),
    );
    const onStale = await gateway.send(
      '/slack/interactivity',
      submitted(stale, 'U_APPROVER_2', '{"user_key":"frank@example.com"}'),
    );
    // Assess
    for (const response of [byRequester, onStale]) {
      expect(((await response.json()) as { response_action: string }).response_action).toBe(
        'errors',
      );
    }
    expect((await gateway.approvals.get(item.requestId))?.action.toolCalls?.[0]?.arguments).toEqual(
      {
        user_key: 'dan@example.com',
      },
    );
  });
});

describe('GET /slack/oauth/callback', () => {
  it('exchanges a code with our state and stores the bot token', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const state = installState('unit-signing-secret', gateway.clock.now());
    // Act
    const response = await gateway.app.request(
      `/slack/oauth/callback?code=good-code&state=${state}`,
    );
    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Slack app installed');
    expect((await gateway.deps.credentials.read()).bot_token).toBe('xoxb-installed');
  });

  it.each([
    ['no code', 'state=x'],
    ['a forged state', `code=good-code&state=1893456000.${'0'.repeat(64)}`],
    [
      'a state from another secret',
      `code=good-code&state=${installState('other', new Date('2030-01-01T00:00:00Z'))}`,
    ],
    [
      'an old state',
      `code=good-code&state=${installState('unit-signing-secret', new Date('2029-12-31T23:49:00Z'))}`,
    ],
  ])('refuses %s with 400 and stores nothing', async (_name, query) => {
    // Prepare
    const gateway = gatewayHarness();
    // Act
    const response = await gateway.app.request(`/slack/oauth/callback?${query}`);
    // Assess
    expect(response.status).toBe(400);
    expect((await gateway.deps.credentials.read()).bot_token).toBe('xoxb-unit');
  });

  it('refuses a code Slack refuses', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const state = installState('unit-signing-secret', gateway.clock.now());
    // Act
    const response = await gateway.app.request(`/slack/oauth/callback?code=bad&state=${state}`);
    // Assess
    expect(response.status).toBe(400);
    expect((await gateway.deps.credentials.read()).bot_token).toBe('xoxb-unit');
  });

  it('sends an installer to Slack with a state it will accept', async () => {
    // Prepare
    const gateway = gatewayHarness();
    // Act
    const response = await gateway.app.request('/slack/install');
    // Assess
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('state')).toBe(
      installState('unit-signing-secret', gateway.clock.now()),
    );
  });
});
