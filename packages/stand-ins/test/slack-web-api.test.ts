import { request } from 'node:http';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackStandIn } from '../src/index.js';
import { payloadOf, startRecordingGateway } from './slack-support.js';

const SECRET = 'local-signing-secret';
const TOKEN = 'xoxb-local';
let now = new Date('2026-01-01T10:00:00.000Z');
const gateway = await startRecordingGateway(SECRET);
const slack = await startSlackStandIn({
  signingSecret: SECRET,
  gatewayUrl: gateway.url,
  botToken: TOKEN,
  botUserId: 'U_BOT',
  people: [
    { userId: 'U_ALICE', displayName: 'Alice' },
    { userId: 'U_APPROVER', displayName: 'Approver' },
  ],
  channels: ['ops'],
  clock: () => now,
});
afterAll(async () => {
  await slack.close();
  await gateway.close();
});
beforeEach(() => {
  gateway.received.length = 0;
  gateway.answerWith(200);
});

/** A Web API call as the WebClient makes it: form-encoded, nested values as JSON strings. */
async function call(method: string, params: Record<string, unknown>, token: string | null = TOKEN) {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    form.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const response = await fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: form.toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

async function page(path: string, body: unknown) {
  const response = await fetch(`${slack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('Slack stand-in: Web API', () => {
  it('needs the bot token', async () => {
    // Act
    const missing = await call('chat.postMessage', { channel: 'C_OPS', text: 'x' }, null);
    const wrong = await call('chat.postMessage', { channel: 'C_OPS', text: 'x' }, 'xoxb-other');

    // Assess
    expect(missing).toMatchObject({ status: 200, json: { ok: false, error: 'not_authed' } });
    expect(wrong.json).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('posts a threaded message with blocks and answers as Slack does', async () => {
    // Act
    const posted = await call('chat.postMessage', {
      channel: 'C_OPS',
      thread_ts: '1767261600.000001',
      text: 'hello',
      blocks: [section('hello')],
    });

    // Assess
    expect(posted.json).toMatchObject({
      ok: true,
      channel: 'C_OPS',
      ts: expect.stringMatching(/^\d+\.\d{6}$/),
    });
    const stored = slack.state.messages.find((m) => m.ts === posted.json.ts);
    expect(stored).toMatchObject({
      thread_ts: '1767261600.000001',
      bot_id: 'B_LOCAL',
      text: 'hello',
    });
    expect(stored?.blocks?.[0]).toMatchObject({ type: 'section', block_id: expect.any(String) });
  });

  it('refuses what Slack refuses: over-long sections, too many blocks, long text, no content', async () => {
    // Act
    const longSection = await call('chat.postMessage', {
      channel: 'C_OPS',
      text: 'x',
      blocks: [section('x'.repeat(3_001))],
    });
    const manyBlocks = await call('chat.postMessage', {
      channel: 'C_OPS',
      text: 'x',
      blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })),
    });
    const longHeader = await call('chat.postMessage', {
      channel: 'C_OPS',
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    });
    const longValue = await call('chat.postMessage', {
      channel: 'C_OPS',
      text: 'x',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Go' },
              action_id: 'go',
              value: 'v'.repeat(2_001),
            },
          ],
        },
      ],
    });
    const longText = await call('chat.postMessage', { channel: 'C_OPS', text: 't'.repeat(40_001) });
    const empty = await call('chat.postMessage', { channel: 'C_OPS' });
    const nowhere = await call('chat.postMessage', { channel: 'C_NOPE', text: 'x' });

    // Assess
    expect(longSection.json).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
    });
    expect(manyBlocks.json.error).toBe('invalid_blocks');
    expect(longHeader.json.error).toBe('invalid_blocks');
    expect(longValue.json).toMatchObject({
      error: 'invalid_blocks',
      errors: [expect.stringContaining('/value')],
    });
    expect(longText.json.error).toBe('msg_too_long');
    expect(empty.json.error).toBe('no_text');
    expect(nowhere.json.error).toBe('channel_not_found');
  });

  it('answers 429 with Retry-After, or a scripted error, when told to', async () => {
    // Prepare
    slack.failNext('chat.update', { status: 429, retryAfter: 3 });
    slack.failNext('chat.update', { error: 'internal_error' });

    // Act
    const limited = await call('chat.update', { channel: 'C_OPS', ts: '1.1', text: 'x' });
    const failed = await call('chat.update', { channel: 'C_OPS', ts: '1.1', text: 'x' });
    const normal = await call('chat.update', { channel: 'C_OPS', ts: '1.1', text: 'x' });

    // Assess
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.json).toEqual({ ok: false, error: 'ratelimited' });
    expect(failed.json).toEqual({ ok: false, error: 'internal_error' });
    expect(normal.json).toEqual({ ok: false, error: 'message_not_found' });
  });

  it("updates the bot's own message, keeping the edit, and refuses to edit a person's", async () => {
    // Prepare
    const posted = await call('chat.postMessage', { channel: 'C_OPS', text: 'Working…' });
    const typed = await page('/page/messages', { user: 'U_ALICE', channel: 'C_OPS', text: 'mine' });

    // Act
    const updated = await call('chat.update', {
      channel: 'C_OPS',
      ts: posted.json.ts,
      text: 'Done',
    });
    const theirs = await call('chat.update', { channel: 'C_OPS', ts: typed.ts, text: 'hacked' });

    // Assess
    expect(updated.json).toMatchObject({ ok: true, text: 'Done' });
    const stored = slack.state.messages.find((m) => m.ts === posted.json.ts);
    expect(stored?.edits.map((edit) => edit.text)).toEqual(['Working…']);
    expect(theirs.json.error).toBe('cant_update_message');
  });

  it('posts ephemerals only to people of the workspace, and sets thread statuses', async () => {
    // Act
    const ephemeral = await call('chat.postEphemeral', {
      channel: 'C_OPS',
      user: 'U_ALICE',
      text: 'only you',
    });
    const stranger = await call('chat.postEphemeral', {
      channel: 'C_OPS',
      user: 'U_NOBODY',
      text: 'x',
    });
    const status = await call('assistant.threads.setStatus', {
      channel_id: 'C_OPS',
      thread_ts: '1.1',
      status: 'is planning…',
    });

    // Assess
    expect(ephemeral.json).toMatchObject({ ok: true, message_ts: expect.any(String) });
    expect(stranger.json.error).toBe('user_not_in_channel');
    expect(status.json).toEqual({ ok: true });
    expect(slack.state.threadStatuses).toContainEqual({
      channel: 'C_OPS',
      thread_ts: '1.1',
      status: 'is planning…',
    });
  });

  it('exchanges a one-time install code for the bot token', async () => {
    // Prepare
    const code = slack.issueInstallCode();
    const client = { client_id: 'local-client-id', client_secret: 'local-client-secret' };

    // Act
    const installed = await call('oauth.v2.access', { ...client, code }, null);
    const again = await call('oauth.v2.access', { ...client, code }, null);
    const badSecret = await call(
      'oauth.v2.access',
      { ...client, client_secret: 'x', code: slack.issueInstallCode() },
      null,
    );

    // Assess
    expect(installed.json).toMatchObject({
      ok: true,
      access_token: TOKEN,
      bot_user_id: 'U_BOT',
      team: { id: 'T_LOCAL' },
    });
    expect(again.json.error).toBe('invalid_code');
    expect(badSecret.json.error).toBe('bad_client_secret');
  });

  it('installs through its consent screen: Allow redirects to the loopback callback with a code and the state', async () => {
    // Prepare
    const params = new URLSearchParams({
      client_id: 'local-client-id',
      scope: 'chat:write',
      redirect_uri: 'http://127.0.0.1:9/slack/oauth/callback',
      state: 'state-123',
    });

    // Act
    const screen = await fetch(`${slack.authorizeUrl}?${params}`);
    const allowed = await fetch(slack.authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
      redirect: 'manual',
    });
    const elsewhere = new URLSearchParams(params);
    elsewhere.set('redirect_uri', 'https://attacker.example/callback');
    const openRedirect = await fetch(slack.authorizeUrl, {
      method: 'POST',
      body: elsewhere,
      redirect: 'manual',
    });

    // Assess
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain('data-testid="oauth-allow"');
    expect(allowed.status).toBe(302);
    const callback = new URL(allowed.headers.get('location') ?? '');
    expect(callback.origin + callback.pathname).toBe('http://127.0.0.1:9/slack/oauth/callback');
    expect(callback.searchParams.get('state')).toBe('state-123');
    const exchanged = await call(
      'oauth.v2.access',
      {
        client_id: 'local-client-id',
        client_secret: 'local-client-secret',
        code: callback.searchParams.get('code'),
      },
      null,
    );
    expect(exchanged.json).toMatchObject({ ok: true, access_token: TOKEN });
    expect(openRedirect.status).toBe(400);
  });

  it('answers unknown methods, even ones named like object properties, with unknown_method', async () => {
    // Act
    const answers = await Promise.all(
      ['chat.nope', 'constructor', 'toString'].map((m) => call(m, {})),
    );

    // Assess
    expect(answers.map((a) => a.json.error)).toEqual([
      'unknown_method',
      'unknown_method',
      'unknown_method',
    ]);
  });
});

describe('Slack stand-in: what the page sends the gateway', () => {
  it('posts a mention as a signed app_mention event_callback', async () => {
    // Act
    const answer = await page('/page/messages', {
      user: 'U_ALICE',
      channel: 'C_OPS',
      text: '@bot reset 2FA for <bob> & co',
    });

    // Assess
    expect(answer.ok).toBe(true);
    const [delivery] = gateway.received;
    expect(delivery?.path).toBe('/slack/events');
    expect(delivery?.signed).toBe(true);
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      type: 'event_callback',
      event_id: expect.stringMatching(/^Ev/),
      authorizations: [{ user_id: 'U_BOT', is_bot: true }],
      event: {
        type: 'app_mention',
        user: 'U_ALICE',
        channel: 'C_OPS',
        text: '<@U_BOT> reset 2FA for &lt;bob&gt; &amp; co',
        ts: answer.ts,
      },
    });
  });

  it('sends a thread reply without a mention as a message event in its thread', async () => {
    // Prepare
    const parent = await page('/page/messages', {
      user: 'U_ALICE',
      channel: 'C_OPS',
      text: 'hello',
    });
    gateway.received.length = 0;

    // Act
    await page('/page/messages', {
      user: 'U_ALICE',
      channel: 'C_OPS',
      text: 'more',
      thread_ts: parent.ts,
    });

    // Assess
    const event = JSON.parse(gateway.received[0]?.body ?? '{}').event;
    expect(event).toMatchObject({
      type: 'message',
      thread_ts: parent.ts,
      text: 'more',
      channel_type: 'channel',
    });
  });

  it('sends a button press as signed block_actions, whose trigger opens a view for 3 s', async () => {
    // Prepare
    const value = JSON.stringify({ requestId: 'R1', callsDigest: 'd' });
    const card = await call('chat.postMessage', {
      channel: 'C_OPS',
      text: 'card',
      blocks: [
        section('Approve?'),
        {
          type: 'actions',
          block_id: 'hitl_decide',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Edit' },
              action_id: 'hitl_edit',
              value,
            },
          ],
        },
      ],
    });

    // Act
    const pressed = await page('/page/actions', {
      user: 'U_APPROVER',
      channel: 'C_OPS',
      message_ts: card.json.ts,
      block_id: 'hitl_decide',
      action_id: 'hitl_edit',
    });

    // Assess
    expect(pressed.ok).toBe(true);
    const delivery = gateway.received[0];
    expect(delivery?.path).toBe('/slack/interactivity');
    expect(delivery?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(delivery?.signed).toBe(true);
    const payload = payloadOf(delivery?.body ?? '');
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U_APPROVER' },
      container: { type: 'message', message_ts: card.json.ts, channel_id: 'C_OPS' },
      channel: { id: 'C_OPS', name: 'ops' },
      actions: [{ type: 'button', action_id: 'hitl_edit', block_id: 'hitl_decide', value }],
    });
    const view = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Edit' },
      blocks: [section('x')],
    };
    const opened = await call('views.open', { trigger_id: payload.trigger_id, view });
    expect(opened.json).toMatchObject({ ok: true, view: { id: expect.stringMatching(/^V/) } });
    const reused = await call('views.open', { trigger_id: payload.trigger_id, view });
    expect(reused.json.error).toBe('invalid_trigger_id');
  });

  it('refuses a view opened with a trigger older than 3 s, and a view over its limits', async () => {
    // Prepare
    const card = await call('chat.postMessage', {
      channel: 'C_OPS',
      text: 'card',
      blocks: [
        {
          type: 'actions',
          block_id: 'b',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'go' }],
        },
      ],
    });
    const press = () =>
      page('/page/actions', {
        user: 'U_ALICE',
        channel: 'C_OPS',
        message_ts: card.json.ts,
        block_id: 'b',
        action_id: 'go',
      });
    await press();
    await press();
    const [late, fresh] = gateway.received.map((r) => String(payloadOf(r.body).trigger_id));
    const longTitle = {
      type: 'modal',
      title: { type: 'plain_text', text: 't'.repeat(25) },
      blocks: [],
    };

    // Act
    const overLimit = await call('views.open', { trigger_id: fresh, view: longTitle });
    now = new Date(now.getTime() + 3_001);
    const expired = await call('views.open', {
      trigger_id: late,
      view: { ...longTitle, title: { type: 'plain_text', text: 'ok' } },
    });

    // Assess
    expect(overLimit.json).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(expired.json.error).toBe('expired_trigger_id');
  });
});

describe('Slack stand-in: response_url', () => {
  it('replaces the pressed message, answers ephemerally, and allows five uses', async () => {
    // Prepare
    const card = await call('chat.postMessage', {
      channel: 'C_OPS',
      text: 'card',
      blocks: [
        {
          type: 'actions',
          block_id: 'b',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'go' }],
        },
      ],
    });
    await page('/page/actions', {
      user: 'U_ALICE',
      channel: 'C_OPS',
      message_ts: card.json.ts,
      block_id: 'b',
      action_id: 'go',
    });
    const responseUrl = String(payloadOf(gateway.received[0]?.body ?? '').response_url);
    const respond = (body: unknown) =>
      fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    // Act
    const replaced = await respond({ replace_original: true, text: 'Approved by Alice' });
    const ephemeral = await respond({ text: 'only Alice sees this' });
    for (let use = 3; use <= 5; use += 1) await respond({ text: `use ${use}` });
    const sixth = await respond({ text: 'one too many' });

    // Assess
    expect(replaced.status).toBe(200);
    expect(slack.state.messages.find((m) => m.ts === card.json.ts)?.text).toBe('Approved by Alice');
    expect(ephemeral.status).toBe(200);
    expect(slack.state.ephemerals).toContainEqual(
      expect.objectContaining({
        user: 'U_ALICE',
        text: 'only Alice sees this',
        thread_ts: card.json.ts,
      }),
    );
    expect(sixth.status).toBe(410);
  });
});

describe('Slack stand-in: loopback only', () => {
  function raw(headers: Record<string, string>) {
    return new Promise<number>((resolve, reject) => {
      const url = new URL(slack.pageUrl);
      const req = request(
        { host: '127.0.0.1', port: url.port, path: '/page/state', headers },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses a foreign Host (DNS rebinding) and a cross-origin request, serves its own', async () => {
    // Prepare
    const port = new URL(slack.pageUrl).port;

    // Act
    const foreignHost = await raw({ host: `attacker.example:${port}` });
    const crossOrigin = await raw({ host: `127.0.0.1:${port}`, origin: 'http://attacker.example' });
    const own = await raw({ host: `localhost:${port}`, origin: `http://localhost:${port}` });

    // Assess
    expect([foreignHost, crossOrigin, own]).toEqual([403, 403, 200]);
  });
});

describe('Slack stand-in: reset', () => {
  it('forgets the workspace history but keeps its people and channels', async () => {
    // Prepare
    await call('chat.postMessage', { channel: 'C_OPS', text: 'x' });
    slack.failNext('chat.postMessage', { error: 'fatal_error' });

    // Act
    slack.reset();
    const after = await call('chat.postMessage', { channel: 'C_OPS', text: 'y' });

    // Assess
    expect(after.json.ok).toBe(true);
    expect(slack.state.messages.map((m) => m.text)).toEqual(['y']);
    expect(slack.state.people).toHaveLength(2);
  });
});
