import { request } from 'node:http';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { payloadOf, section, startWorkspace } from './slack-support.js';

const workspace = await startWorkspace();
const { slack, gateway, call, page } = workspace;
afterAll(() => workspace.close());
beforeEach(() => {
  gateway.received.length = 0;
  gateway.answerWith(200);
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

  it('delivers a failed event once more with the same event_id and X-Slack-Retry-Num, unless told not to', async () => {
    // Prepare
    gateway.answerWith(500);

    // Act
    await page('/page/messages', { user: 'U_ALICE', channel: 'C_OPS', text: '@bot hello' });
    const retried = gateway.received.splice(0);
    gateway.answerWith(500, '', { 'x-slack-no-retry': '1' });
    await page('/page/messages', { user: 'U_ALICE', channel: 'C_OPS', text: '@bot again' });

    // Assess
    expect(retried).toHaveLength(2);
    expect(retried.map((r) => JSON.parse(r.body).event_id)).toEqual([
      JSON.parse(retried[0]?.body ?? '{}').event_id,
      JSON.parse(retried[0]?.body ?? '{}').event_id,
    ]);
    expect(retried[0]?.headers['x-slack-retry-num']).toBeUndefined();
    expect(retried[1]?.headers).toMatchObject({
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_error',
    });
    expect(retried.every((r) => r.signed)).toBe(true);
    expect(gateway.received).toHaveLength(1);
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
    workspace.advance(3_001);
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

describe('Slack stand-in: malformed input', () => {
  it('answers 300 malformed page and Web API requests with 4xx or ok:false, never 500', async () => {
    // Prepare: a seeded generator, so a failure can be replayed.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const values = [
      null,
      1,
      'x',
      [],
      {},
      { user: 'U_ALICE' },
      'U_ALICE',
      'C_OPS',
      '1.1',
      '{"',
      true,
    ];
    const paths = [
      '/page/messages',
      '/page/actions',
      '/page/views/V1/submit',
      '/page/views/V1/close',
      '/actions/R1',
      '/api/chat.postMessage',
      '/api/views.open',
      '/api/chat.update',
    ];
    const keys = [
      'user',
      'channel',
      'text',
      'thread_ts',
      'message_ts',
      'block_id',
      'action_id',
      'values',
      'blocks',
      'view',
      'trigger_id',
      'ts',
    ];
    const statuses: number[] = [];

    for (let run = 0; run < 300; run += 1) {
      const body: Record<string, unknown> = {};
      for (let k = 0; k < 4; k += 1) body[pick(keys)] = pick(values);
      const raw =
        random() < 0.2 ? pick(['', '{', '[]', 'null', 'payload=%7B']) : JSON.stringify(body);

      // Act
      const response = await fetch(`${slack.url}${pick(paths)}`, {
        method: 'POST',
        headers: {
          'content-type': pick(['application/json', 'application/x-www-form-urlencoded']),
          authorization: 'Bearer xoxb-local',
        },
        body: raw,
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }

    // Assess
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
