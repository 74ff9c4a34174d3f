import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, eventEnvelope, gatewayHarness } from './harness.js';

interface Answer {
  outcome?: string;
  ignored?: string;
  requestId: string;
}

const answer = async (response: Response): Promise<Answer> => (await response.json()) as Answer;

const mention = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'app_mention',
  user: 'U_ALICE',
  text,
  ts: '1893456000.000100',
  channel: 'C_OPS',
  ...extra,
});

describe('POST /slack/events', () => {
  it('answers url_verification with its challenge', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const body = JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' });
    // Act
    const response = await gateway.send('/slack/events', body);
    // Assess
    expect(response.status).toBe(200);
    expect(await answer(response)).toEqual({ challenge: 'chal-123' });
  });

  it('starts one workflow and posts one placeholder when the same event arrives 4 times', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const body = eventEnvelope(mention(`<@${BOT_USER_ID}> reset 2FA for bob@example.com`));
    // Act
    const answers = [];
    for (const retry of ['', '1', '2', '3']) {
      const response = await gateway.send(
        '/slack/events',
        body,
        retry ? { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' } : {},
      );
      answers.push({ status: response.status, body: (await answer(response)) as Answer });
    }
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((answer) => answer.body.outcome)).toEqual([
      'started',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(gateway.executions.started).toHaveLength(1);
    const placeholders = gateway.slack
      .of('chat.postMessage')
      .filter((args) => String(args.text).includes('Received'));
    expect(placeholders).toHaveLength(1);
    expect(placeholders[0]).toMatchObject({ channel: 'C_OPS', thread_ts: '1893456000.000100' });
  });

  it('takes a message that also arrived as app_mention only once', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const text = `<@${BOT_USER_ID}> reset 2FA for bob@example.com`;
    // Act
    await gateway.send('/slack/events', eventEnvelope(mention(text), 'Ev1'));
    const twin = await gateway.send(
      '/slack/events',
      eventEnvelope({ ...mention(text), type: 'message' }, 'Ev2'),
    );
    // Assess
    expect((await answer(twin)).ignored).toBe('handled_as_mention');
    expect(gateway.executions.started).toHaveLength(1);
  });

  it('strips the leading mention and records the requester as the signed sender', async () => {
    // Prepare
    const gateway = gatewayHarness();
    // Act
    const response = await gateway.send(
      '/slack/events',
      eventEnvelope(mention(`  <@${BOT_USER_ID}|agentcore>: reset 2FA for bob@example.com`)),
    );
    // Assess
    const { requestId } = await answer(response);
    const item = await gateway.approvals.get(requestId);
    expect(item?.action.query).toBe('reset 2FA for bob@example.com');
    expect(item?.requester).toEqual({
      userId: 'U_ALICE',
      email: 'alice@example.com',
      groups: ['requesters'],
    });
    expect(item?.action.origin).toEqual({
      source: 'slack',
      channelId: 'C_OPS',
      threadTs: '1893456000.000100',
    });
  });

  it.each([
    ['a bot message', { bot_id: 'B1', subtype: 'bot_message' }],
    ['our own message', { user: BOT_USER_ID }],
    ['an edit', { subtype: 'message_changed' }],
    ['a deletion', { subtype: 'message_deleted' }],
    ['a channel join', { subtype: 'channel_join' }],
  ])('ignores %s before any side effect', async (_name, extra) => {
    // Prepare
    const gateway = gatewayHarness();
    // Act
    const response = await gateway.send(
      '/slack/events',
      eventEnvelope(mention(`<@${BOT_USER_ID}> reset 2FA for bob@example.com`, extra)),
    );
    // Assess
    expect(response.status).toBe(200);
    expect((await answer(response)).ignored).toBeDefined();
    expect(gateway.claims.keys.size).toBe(0);
    expect(gateway.slack.calls).toEqual([]);
    expect(gateway.executions.started).toEqual([]);
  });

  it('tells an unknown person so, and runs nothing', async () => {
    // Prepare
    const gateway = gatewayHarness();
    // Act
    const response = await gateway.send(
      '/slack/events',
      eventEnvelope(
        mention(`<@${BOT_USER_ID}> reset 2FA for bob@example.com`, { user: 'U_STRANGER' }),
      ),
    );
    // Assess
    expect((await answer(response)).outcome).toBe('unknown_person');
    expect(gateway.slack.of('chat.postEphemeral')).toEqual([
      expect.objectContaining({
        user: 'U_STRANGER',
        text: expect.stringContaining('do not know you'),
      }),
    ]);
    expect(gateway.executions.started).toEqual([]);
  });

  it('maps the thread to one session and keeps its turns across messages', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const thread = '1893456000.000100';
    await gateway.send(
      '/slack/events',
      eventEnvelope(mention(`<@${BOT_USER_ID}> list jira issues`, { ts: thread }), 'Ev1'),
    );
    // Act: a plain reply in the thread the bot is in, then one in a thread it is not in
    const reply = await gateway.send(
      '/slack/events',
      eventEnvelope(
        {
          type: 'message',
          user: 'U_ALICE',
          text: 'look up the project key for Ops',
          ts: '1893456001.000100',
          thread_ts: thread,
          channel: 'C_OPS',
        },
        'Ev2',
      ),
    );
    const elsewhere = await gateway.send(
      '/slack/events',
      eventEnvelope(
        {
          type: 'message',
          user: 'U_ALICE',
          text: 'hello',
          ts: '1893456002.000100',
          thread_ts: '1893455000.000100',
          channel: 'C_OPS',
        },
        'Ev3',
      ),
    );
    // Assess
    const replied = await answer(reply);
    expect(replied.outcome).toBe('started');
    expect((await answer(elsewhere)).outcome).toBe('not_engaged');
    const item = await gateway.approvals.get(replied.requestId);
    expect(item?.action.origin.threadTs).toBe(thread);
    const session = await gateway.sessions.get({ channelId: 'C_OPS', threadTs: thread });
    expect(session?.sessionId).toBe(`slack:C_OPS:${thread}`);
    expect(
      session?.turns.filter((turn) => turn.role === 'user').map((turn) => turn.content),
    ).toEqual(['list jira issues', 'look up the project key for Ops']);
    expect(gateway.executions.started).toHaveLength(2);
  });

  it('answers within the request with no model on the path: the workflow plans later', async () => {
    // Prepare
    const gateway = gatewayHarness();
    // Act
    const response = await gateway.send(
      '/slack/events',
      eventEnvelope(mention(`<@${BOT_USER_ID}> reset 2FA for bob@example.com`)),
    );
    // Assess: recorded as received, not planned; the placeholder says planning
    const { requestId } = await answer(response);
    expect((await gateway.approvals.get(requestId))?.status).toBe('received');
    expect(gateway.slack.of('chat.postMessage').at(-1)?.text).toContain('planning');
    expect(gateway.slack.of('assistant.threads.setStatus').at(-1)?.status).toBe('is planning…');
    // chat.update is paced per channel: none on the ack path, so a busy channel cannot slow it.
    expect(gateway.slack.of('chat.update')).toEqual([]);
  });

  it('records the request even when Slack refuses the placeholder', async () => {
    // Prepare
    const gateway = gatewayHarness();
    gateway.slack.failNext('chat.postMessage');
    // Act
    const response = await gateway.send(
      '/slack/events',
      eventEnvelope(mention(`<@${BOT_USER_ID}> reset 2FA for bob@example.com`)),
    );
    // Assess
    const { outcome, requestId } = await answer(response);
    expect(response.status).toBe(200);
    expect(outcome).toBe('started');
    expect(gateway.executions.started).toEqual([requestId]);
    expect(await gateway.ledger.get(requestId)).toEqual({
      channelId: 'C_OPS',
      threadTs: '1893456000.000100',
      cards: [],
    });
  });

  it('takes a direct message to the bot without a mention', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const direct = {
      type: 'message',
      channel_type: 'im',
      user: 'U_ALICE',
      // Slack sends no app_mention twin for a direct message, mention or not.
      text: `<@${BOT_USER_ID}> reset 2FA for bob@example.com`,
      ts: '1893456000.000100',
      channel: 'D_ALICE',
    };
    // Act
    const response = await gateway.send('/slack/events', eventEnvelope(direct));
    // Assess
    const { outcome, requestId } = await answer(response);
    expect(outcome).toBe('started');
    expect((await gateway.approvals.get(requestId))?.action.query).toBe(
      'reset 2FA for bob@example.com',
    );
    expect((await gateway.approvals.get(requestId))?.action.origin).toEqual({
      source: 'slack',
      channelId: 'D_ALICE',
      threadTs: '1893456000.000100',
    });
  });
});
