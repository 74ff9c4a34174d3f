import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient, SlackApiError } from '../src/index.js';
import { manualTime, startSlackApiDouble } from './support/slack-api-double.js';

const slack = await startSlackApiDouble();
afterAll(() => slack.close());
beforeEach(() => {
  slack.calls.length = 0;
});

function clientWith(time = manualTime(), extra: { timeoutMs?: number; maxRetries?: number } = {}) {
  return createSlackClient({
    token: 'xoxb-test',
    slackApiUrl: slack.apiUrl,
    clock: time.clock,
    sleep: time.sleep,
    ...extra,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<SlackApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SlackApiError)) throw new Error(`expected a SlackApiError, got ${error}`);
  return error;
}

describe('createSlackClient', () => {
  it('posts with the bot token, blocks as JSON, and no link unfurling', async () => {
    // Prepare
    const client = clientWith();
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi' } }];

    // Act
    const posted = await client.postMessage({
      channel: 'C1',
      thread_ts: '1.2',
      text: 'hi',
      blocks,
    });

    // Assess
    expect(posted).toEqual({ channel: 'C1', ts: '1700000000.000001' });
    const [call] = slack.calls;
    expect(call?.method).toBe('chat.postMessage');
    expect(call?.authorization).toBe('Bearer xoxb-test');
    expect(JSON.parse(call?.params.blocks ?? '')).toEqual(blocks);
    expect(call?.params).toMatchObject({ thread_ts: '1.2', unfurl_links: 'false' });
  });

  it('waits out Retry-After on the injected clock, then succeeds', async () => {
    // Prepare
    const time = manualTime();
    slack.answerNext({ status: 429, retryAfter: 7 }, { status: 429, retryAfter: 2 });

    // Act
    const posted = await clientWith(time).postMessage({ channel: 'C1', text: 'hi' });

    // Assess
    expect(posted.ts).toMatch(/^1700000000\./);
    expect(time.sleeps).toEqual([7_000, 2_000]);
    expect(slack.calls).toHaveLength(3);
  });

  it('gives up after its retries with a typed ratelimited error', async () => {
    // Prepare
    const time = manualTime();
    slack.answerNext(...Array.from({ length: 3 }, () => ({ status: 429, retryAfter: 1 })));

    // Act
    const error = await failureOf(
      clientWith(time, { maxRetries: 2 }).postMessage({ channel: 'C1', text: 'x' }),
    );

    // Assess
    expect(error).toMatchObject({
      method: 'chat.postMessage',
      code: 'ratelimited',
      retryAfterSeconds: 1,
    });
    expect(slack.calls).toHaveLength(3);
    expect(time.sleeps).toEqual([1_000, 1_000]);
  });

  it('does not wait out a Retry-After longer than it may', async () => {
    // Prepare
    const time = manualTime();
    slack.answerNext({ status: 429, retryAfter: 600 });

    // Act
    const error = await failureOf(clientWith(time).postMessage({ channel: 'C1', text: 'x' }));

    // Assess
    expect(error.code).toBe('ratelimited');
    expect(time.sleeps).toEqual([]);
  });

  it("turns Slack's refusal into a typed error and never retries it", async () => {
    // Prepare
    slack.answerNext({ json: { ok: false, error: 'channel_not_found' } });

    // Act
    const error = await failureOf(clientWith().postMessage({ channel: 'C404', text: 'x' }));

    // Assess
    expect(error).toBeInstanceOf(SlackApiError);
    expect(error).toMatchObject({ method: 'chat.postMessage', code: 'channel_not_found' });
    expect(slack.calls).toHaveLength(1);
  });

  it('times out an unanswered post and does not repeat it (it may have been posted)', async () => {
    // Prepare
    slack.answerNext({ hang: true });

    // Act
    const error = await failureOf(
      clientWith(manualTime(), { timeoutMs: 150 }).postMessage({ channel: 'C1', text: 'x' }),
    );

    // Assess
    expect(error).toMatchObject({ method: 'chat.postMessage', code: 'timeout' });
    expect(slack.calls).toHaveLength(1);
  });

  it('retries a failed update with backoff, since sending it twice is harmless', async () => {
    // Prepare
    const time = manualTime();
    slack.answerNext({ status: 502 }, { status: 503 });

    // Act
    const updated = await clientWith(time).updateMessage({ channel: 'C1', ts: '1.1', text: 'x' });

    // Assess
    expect(updated.channel).toBe('C1');
    expect(time.sleeps).toEqual([250, 500]);
    expect(slack.calls.map((call) => call.method)).toEqual(Array(3).fill('chat.update'));
  });

  it('paces updates in one channel a second apart, and not across channels', async () => {
    // Prepare
    const time = manualTime();
    const client = clientWith(time);

    // Act
    await Promise.all([
      client.updateMessage({ channel: 'C1', ts: '1.1', text: 'a' }),
      client.updateMessage({ channel: 'C1', ts: '1.2', text: 'b' }),
      client.updateMessage({ channel: 'C2', ts: '2.1', text: 'c' }),
      client.updateMessage({ channel: 'C1', ts: '1.3', text: 'd' }),
    ]);

    // Assess
    expect(slack.calls.map((call) => call.params.text)).toEqual(['a', 'c', 'b', 'd']);
    expect(time.sleeps).toEqual([1_000, 1_000]);
  });

  it('coalesces updates of one message waiting for their turn into the latest', async () => {
    // Prepare
    const time = manualTime();
    const client = clientWith(time);
    await client.updateMessage({ channel: 'C1', ts: '1.1', text: 'planning' });

    // Act: three more within the second that follows; only the last one is worth sending.
    const later = await Promise.all([
      client.updateMessage({ channel: 'C1', ts: '1.1', text: 'planning.' }),
      client.updateMessage({ channel: 'C1', ts: '1.1', text: 'planning..' }),
      client.updateMessage({ channel: 'C1', ts: '1.1', text: 'planning...' }),
    ]);

    // Assess
    expect(slack.calls.map((call) => call.params.text)).toEqual(['planning', 'planning...']);
    expect(later.every((result) => result.channel === 'C1')).toBe(true);
    expect(time.sleeps).toEqual([1_000]);
  });

  it('rejects a refused update for its callers and keeps pacing the channel after it', async () => {
    // Prepare
    const time = manualTime();
    const client = clientWith(time);
    slack.answerNext({ json: { ok: false, error: 'message_not_found' } });

    // Act
    const refused = await failureOf(client.updateMessage({ channel: 'C1', ts: '9.9', text: 'x' }));
    const next = await client.updateMessage({ channel: 'C1', ts: '1.1', text: 'y' });

    // Assess
    expect(refused).toMatchObject({ method: 'chat.update', code: 'message_not_found' });
    expect(next.channel).toBe('C1');
    expect(time.sleeps).toEqual([1_000]);
  });

  it('treats a thread status where the API does not apply as not applied', async () => {
    // Prepare
    slack.answerNext({ json: { ok: false, error: 'not_allowed' } }, { json: { ok: true } });
    const client = clientWith();
    const args = { channel_id: 'C1', thread_ts: '1.1', status: 'is planning…' };

    // Act
    const refused = await client.setThreadStatus(args);
    const applied = await client.setThreadStatus(args);

    // Assess
    expect(refused).toEqual({ applied: false });
    expect(applied).toEqual({ applied: true });
  });

  it('exchanges an install code without sending a token, and reads the bot token', async () => {
    // Prepare
    slack.answerNext({
      json: {
        ok: true,
        access_token: 'xoxb-new',
        token_type: 'bot',
        scope: 'chat:write',
        bot_user_id: 'UBOT',
        app_id: 'A1',
        team: { id: 'T1', name: 'Team' },
        enterprise: null,
        authed_user: { id: 'U1' },
      },
    });

    // Act
    const installed = await clientWith().oauthV2Access({
      client_id: 'cid',
      client_secret: 'secret',
      code: 'code-1',
    });

    // Assess
    expect(installed).toMatchObject({
      access_token: 'xoxb-new',
      bot_user_id: 'UBOT',
      team: { id: 'T1' },
    });
    expect(slack.calls[0]?.authorization).toBeUndefined();
    expect(slack.calls[0]?.params).toMatchObject({ client_id: 'cid', code: 'code-1' });
  });

  it('opens a view and posts an ephemeral message, refusing an answer without their ids', async () => {
    // Prepare
    slack.answerNext(
      { json: { ok: true, view: { id: 'V1' } } },
      { json: { ok: true, message_ts: '1.9' } },
      { json: { ok: true } },
    );
    const client = clientWith();
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Edit' },
      blocks: [],
    };

    // Act
    const opened = await client.openView({ trigger_id: 't1', view });
    const ephemeral = await client.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    const broken = await failureOf(client.postEphemeral({ channel: 'C1', user: 'U1', text: 'x' }));

    // Assess
    expect(opened).toEqual({ viewId: 'V1' });
    expect(ephemeral).toEqual({ messageTs: '1.9' });
    expect(broken.code).toBe('invalid_response');
  });
});
