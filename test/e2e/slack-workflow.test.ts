import type { ApprovalItem } from '@agentcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSlackPage, saveLocalDirectory } from '../support/local-slack.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;
let slack: ReturnType<typeof localSlackPage>;
/** Every JSON line our functions log during these tests. */
const logs: string[] = [];

beforeAll(async () => {
  system = await startLocalSystem({ log: (line) => logs.push(line) });
  await saveLocalDirectory(system);
  slack = localSlackPage(system);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** Mentions the bot as `user` in #ops and waits for the request it starts to reach `status`. */
async function ask(user: string, text: string) {
  const said = await slack.say(user, 'C_OPS', `@agentcore ${text}`);
  expect(said.body.ok, said.body.text).toBe(true);
  const thread = said.body.ts as string;
  const item = await system.until(
    async () =>
      (await system.runtime.stores.approvals.listByRequester(user, { limit: 20 })).items.find(
        (each) => each.action.origin.threadTs === thread,
      ),
    (found) => found !== undefined && found.status !== 'received',
    `the request asked in thread ${thread}`,
  );
  return { thread, item: item as ApprovalItem };
}

describe('a request asked in the local Slack', () => {
  it('shows the card with the exact call; an approver approves; the result comes back in the thread', async () => {
    // Prepare
    const { thread, item } = await ask('U_ALICE', 'reset 2FA for bob@example.com');
    expect(item.status).toBe('pending');
    const card = await system.until(
      async () => slack.cardIn(thread),
      (found) => found !== undefined,
      'the approval card',
    );
    expect(JSON.stringify(card?.blocks)).toContain('bob@example.com');
    expect(slack.buttonsOf(card as NonNullable<typeof card>).map((each) => each.action_id)).toEqual(
      ['hitl_approve', 'hitl_edit', 'hitl_reject'],
    );
    // Act
    const pressed = await slack.press(
      'U_APPROVER',
      card as NonNullable<typeof card>,
      'hitl_approve',
    );
    const done = await system.waitFor(item.requestId, 'completed');
    // Assess
    expect(pressed.body.ok).toBe(true);
    expect(done.decision?.approver).toBe('U_APPROVER');
    expect(system.runtime.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
    const after = await system.until(
      async () => slack.repliesIn(thread),
      (replies) => replies.some((reply) => reply.text.includes('Done')),
      'the result in the thread',
    );
    expect(
      slack.buttonsOf(after.find((each) => each.ts === card?.ts) as NonNullable<typeof card>),
    ).toEqual([]);
  });

  it('refuses the requester approving their own request, with a message only they see', async () => {
    // Prepare
    const { thread, item } = await ask('U_ALICE', 'reset 2FA for carol@example.com');
    const card = await system.until(async () => slack.cardIn(thread), Boolean, 'the card');
    // Act
    const pressed = await slack.press('U_ALICE', card as NonNullable<typeof card>, 'hitl_approve');
    // Assess
    expect(pressed.status).toBe(200);
    expect(
      slack.standIn.state.ephemerals.filter((each) => each.user === 'U_ALICE').at(-1)?.text,
    ).toContain('cannot approve your own request');
    expect((await system.runtime.stores.approvals.get(item.requestId))?.status).toBe('pending');
    // Clean up: rejected, so its workflow ends.
    await slack.press('U_APPROVER_2', card as NonNullable<typeof card>, 'hitl_reject');
    await system.waitFor(item.requestId, 'rejected');
  });

  it('takes a reply in a thread the bot is in, without a mention, as a request in the same thread', async () => {
    // Prepare
    const { thread, item } = await ask('U_ALICE', 'reset 2FA for erin@example.com');
    // Act
    const replied = await slack.say('U_ALICE', 'C_OPS', 'reset 2FA for frank@example.com', thread);
    const follow = await system.until(
      async () =>
        (
          await system.runtime.stores.approvals.listByRequester('U_ALICE', { limit: 20 })
        ).items.find((each) => each.action.query === 'reset 2FA for frank@example.com'),
      (found) => found !== undefined && found.status === 'pending',
      'the request replied in the thread',
    );
    // Assess
    expect(replied.body.ok).toBe(true);
    expect(follow?.action.origin).toEqual({
      source: 'slack',
      channelId: 'C_OPS',
      threadTs: thread,
    });
    const session = await system.runtime.stores.sessions.get({
      channelId: 'C_OPS',
      threadTs: thread,
    });
    expect(
      session?.turns.filter((turn) => turn.role === 'user').map((turn) => turn.content),
    ).toEqual(['reset 2FA for erin@example.com', 'reset 2FA for frank@example.com']);
    expect(item.requestId).not.toBe(follow?.requestId);
  });

  it('installs through OAuth v2: the signed state, the code exchanged once, a success page', async () => {
    // Prepare
    const gateway = system.runtime.slack.gatewayUrl;
    const install = await fetch(`${gateway}/slack/install`, { redirect: 'manual' });
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const code = slack.standIn.issueInstallCode();
    const callback = `${gateway}/slack/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`;
    // Act
    const installed = await fetch(callback);
    const again = await fetch(callback);
    const forged = await fetch(
      `${gateway}/slack/oauth/callback?code=${slack.standIn.issueInstallCode()}&state=${encodeURIComponent(`${state.split('.')[0]}.${'0'.repeat(64)}`)}`,
    );
    // Assess
    expect(install.status).toBe(302);
    expect(installed.status).toBe(200);
    expect(await installed.text()).toContain('Slack app installed');
    expect(again.status).toBe(400);
    expect(forged.status).toBe(400);
    // The bot keeps working with the token the install stored.
    const { item } = await ask('U_ALICE', 'reset 2FA for grace@example.com');
    expect(item.status).toBe('pending');
  });

  it('hands a secret to its requester alone, in a message only they see, once', async () => {
    // Prepare
    const { thread, item } = await ask('U_ALICE', 'TOTP code for demo');
    const card = await system.until(async () => slack.cardIn(thread), Boolean, 'the card');
    // Act
    await slack.press('U_APPROVER_2', card as NonNullable<typeof card>, 'hitl_approve');
    await system.waitFor(item.requestId, 'completed');
    const secret = await system.until(
      async () =>
        slack.standIn.state.ephemerals.find(
          (each) => each.user === 'U_ALICE' && each.text.includes('only this once'),
        ),
      Boolean,
      'the secret for Alice',
    );
    await system.until(
      async () => slack.repliesIn(thread),
      (replies) => replies.some((reply) => reply.text.includes('Done: request')),
      'the placeholder to say it is done',
    );
    // Assess
    const code = /"code":"(\d{6})"/.exec(secret?.text ?? '')?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(secret?.thread_ts).toBe(thread);
    const everyoneSees = JSON.stringify(
      slack.repliesIn(thread).map((reply) => [reply.text, reply.blocks]),
    );
    expect(everyoneSees).not.toContain(code);
    const othersSee = slack.standIn.state.ephemerals.filter((each) => each.user !== 'U_ALICE');
    expect(JSON.stringify(othersSee)).not.toContain(code);
    // Read once: the API has nothing left for Alice.
    const again = await system.hitl('secret', item.requestId, '--json');
    expect(again.code).not.toBe(0);
    // Nor do the logs hold the code, or any Slack token.
    expect(logs.filter((line) => line.includes(code) || line.includes('xoxb-'))).toEqual([]);
    expect(logs.length).toBeGreaterThan(0);
  });
  it('keeps a secret for its requester when Slack refuses to show it privately', async () => {
    // Prepare
    const { thread, item } = await ask('U_ALICE', 'TOTP code for demo');
    const card = await system.until(async () => slack.cardIn(thread), Boolean, 'the card');
    slack.standIn.failNext('chat.postEphemeral', { error: 'fatal_error' });
    // Act
    await slack.press('U_APPROVER_2', card as NonNullable<typeof card>, 'hitl_approve');
    await system.waitFor(item.requestId, 'completed');
    const notice = await system.until(
      async () =>
        slack
          .repliesIn(thread)
          .find((reply) => reply.text.includes(`hitl-mcp secret ${item.requestId}`)),
      Boolean,
      'the thread to say where the secret is kept',
    );
    const byApprover = await system.hitl('secret', item.requestId, '--json', '--as', 'approver');
    const byAlice = await system.hitl('secret', item.requestId, '--json');
    const again = await system.hitl('secret', item.requestId, '--json');
    // Assess
    expect(notice?.text).toContain('<@U_ALICE>');
    expect(byApprover.code).not.toBe(0);
    expect(byAlice.code, byAlice.stderr).toBe(0);
    const code = /"code\\?":\\?"(\d{6})/.exec(byAlice.stdout)?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(byApprover.stdout + byApprover.stderr).not.toContain(code);
    expect(again.code).not.toBe(0);
    const everyoneSees = JSON.stringify(
      slack.repliesIn(thread).map((reply) => [reply.text, reply.blocks]),
    );
    expect(everyoneSees).not.toContain(code);
    // (A TOTP code repeats within its 30 s period: the earlier test's thread may show the same.)
    const privateHere = slack.standIn.state.ephemerals.filter((each) => each.thread_ts === thread);
    expect(JSON.stringify(privateHere)).not.toContain(code);
    expect(logs.filter((line) => line.includes(code))).toEqual([]);
  });
});
