import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSlackPage, saveLocalDirectory } from '../support/local-slack.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';
import { ManualTime } from '../support/manual-time.js';

let system: LocalSystem;
let slack: ReturnType<typeof localSlackPage>;
const time = new ManualTime();

beforeAll(async () => {
  // The local Slack signs with the same clock the gateway checks signatures by.
  system = await startLocalSystem({ clock: time.clock, timers: time.timers });
  await saveLocalDirectory(system);
  slack = localSlackPage(system);
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('a Slack request nobody decides in time', () => {
  it('expires: the card says so, its buttons are gone, and the thread is told', async () => {
    // Prepare
    const said = await slack.say('U_ALICE', 'C_OPS', '@agentcore reset 2FA for ivan@example.com');
    const thread = said.body.ts as string;
    const item = await system.until(
      async () =>
        (await system.runtime.stores.approvals.listByRequester('U_ALICE', { limit: 5 })).items.find(
          (each) => each.action.origin.threadTs === thread && each.status === 'pending',
        ),
      Boolean,
      'the request to wait for approval',
    );
    const card = await system.until(async () => slack.cardIn(thread), Boolean, 'the card');
    // Act: the approval window passes
    time.advance(Date.parse(item?.expiresAt as string) - time.clock().getTime() + 1_000);
    await system.waitFor(item?.requestId as string, 'expired');
    const replies = await system.until(
      async () => slack.repliesIn(thread),
      (messages) => messages.some((message) => message.text.includes('Expired without a decision')),
      'the thread to be told',
    );
    // Assess
    const updated = replies.find((message) => message.ts === card?.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('Expired without a decision');
    expect(slack.buttonsOf(updated as NonNullable<typeof updated>)).toEqual([]);
    // The page cannot press what is gone.
    expect(() =>
      slack.press('U_APPROVER', updated as NonNullable<typeof updated>, 'hitl_approve'),
    ).toThrow('no hitl_approve button');
  });
});
