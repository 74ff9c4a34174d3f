import type { ApprovalItem } from '@agentcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSlackPage } from '../support/local-slack.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;
let slack: ReturnType<typeof localSlackPage>;

/** A company whose directory ids are an email and an employee number, each naming a Slack id. */
const DIRECTORY = {
  people: [
    {
      userId: 'alice@example.com',
      displayName: 'Alice',
      email: 'alice@example.com',
      slackUserId: 'U_ALICE',
      groups: ['requesters'],
    },
    {
      userId: 'E1001',
      displayName: 'Ana',
      email: 'ana@example.com',
      slackUserId: 'U_APPROVER',
      groups: ['approvers'],
    },
    // Keyed by the Slack id itself, as the local directory is (unit tests cover it unnamed).
    {
      userId: 'U_APPROVER_2',
      displayName: 'Ben',
      email: 'ben@example.com',
      slackUserId: 'U_APPROVER_2',
      groups: ['approvers'],
    },
  ],
};

beforeAll(async () => {
  system = await startLocalSystem({ env: { SLACK_SUBMISSIONS_PER_MINUTE: '2' } });
  await system.runtime.stores.config.save({ key: 'directory', value: DIRECTORY, author: 'test' });
  slack = localSlackPage(system);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** Mentions the bot as Slack user `user` in #ops; the thread it starts. */
async function say(user: string, text: string): Promise<string> {
  const said = await slack.say(user, 'C_OPS', `@agentcore ${text}`);
  expect(said.body.ok, said.body.text).toBe(true);
  return said.body.ts as string;
}

async function requestIn(directoryId: string, thread: string): Promise<ApprovalItem> {
  const item = await system.until(
    async () =>
      (
        await system.runtime.stores.approvals.listByRequester(directoryId, { limit: 20 })
      ).items.find((each) => each.action.origin.threadTs === thread),
    (found) => found !== undefined && found.status !== 'received',
    `the request asked in thread ${thread}`,
  );
  return item as ApprovalItem;
}

describe('Slack people in a directory keyed by other ids, and the per-user limit', () => {
  it('acts as the directory people behind the Slack ids, and shows them by their Slack ids', async () => {
    // Prepare
    const thread = await say('U_ALICE', 'reset 2FA for bob@example.com');
    const item = await requestIn('alice@example.com', thread);
    const card = await system.until(async () => slack.cardIn(thread), Boolean, 'the card');
    // Act
    await slack.press('U_APPROVER', card as NonNullable<typeof card>, 'hitl_approve');
    const done = await system.waitFor(item.requestId, 'completed');
    // Assess
    expect(done.requester.userId).toBe('alice@example.com');
    expect(done.decision?.approver).toBe('E1001');
    const shown = JSON.stringify(slack.standIn.state.messages.filter((m) => m.ts === card?.ts));
    expect(shown).toContain('<@U_ALICE>');
    expect(shown).toContain('<@U_APPROVER>');
    expect(shown).not.toContain('E1001');
  });

  it('starts at most SLACK_SUBMISSIONS_PER_MINUTE requests a minute for one Slack user, others unaffected', async () => {
    // Prepare
    const before = slack.standIn.state.ephemerals.length;
    // Act
    const threads = [
      await say('U_APPROVER_2', 'reset 2FA for bob@example.com'),
      await say('U_APPROVER_2', 'reset 2FA for carol@example.com'),
      await say('U_APPROVER_2', 'reset 2FA for dave@example.com'),
    ];
    await requestIn('U_APPROVER_2', threads[1] as string);
    const othersThread = await say('U_ALICE', 'reset 2FA for bob@example.com');
    await requestIn('alice@example.com', othersThread);
    // Assess
    const refused = slack.standIn.state.ephemerals.slice(before);
    expect(refused).toEqual([
      expect.objectContaining({
        user: 'U_APPROVER_2',
        thread_ts: threads[2],
        text: expect.stringContaining('Slow down'),
      }),
    ]);
    const started = await system.runtime.stores.approvals.listByRequester('U_APPROVER_2', {
      limit: 20,
    });
    expect(started.items.map((each) => each.action.origin.threadTs).sort()).toEqual(
      threads.slice(0, 2).sort(),
    );
  });
});
