import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { section, startWorkspace, BOT_TOKEN as TOKEN } from './slack-support.js';

const workspace = await startWorkspace();
const { slack, gateway, call, page } = workspace;
afterAll(() => workspace.close());
beforeEach(() => {
  gateway.received.length = 0;
  gateway.answerWith(200);
});

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
    expect(limited.retryAfter).toBe('3');
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
