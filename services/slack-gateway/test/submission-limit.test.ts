import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, eventEnvelope, gatewayHarness } from './harness.js';

const PER_MINUTE = 3;

/** A mention by `user`, its own event and message (no dedupe hides it). */
function mentionBy(user: string, n: number): string {
  return eventEnvelope(
    {
      type: 'app_mention',
      user,
      text: `<@${BOT_USER_ID}> reset 2FA for bob@example.com (${n})`,
      ts: `1893456000.${String(100 + n).padStart(6, '0')}`,
      channel: 'C_OPS',
    },
    `Ev${user}${n}`,
  );
}

async function outcomeOf(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { outcome?: string }).outcome;
}

describe('the per-user submission limit', () => {
  it('starts N requests a minute per Slack user and tells the next one to slow down, starting nothing', async () => {
    // Prepare
    const gateway = gatewayHarness({ submissionsPerMinute: PER_MINUTE });
    // Act
    const outcomes: (string | undefined)[] = [];
    for (let n = 0; n <= PER_MINUTE; n++) {
      const response = await gateway.send('/slack/events', mentionBy('U_ALICE', n));
      expect(response.status).toBe(200);
      outcomes.push(await outcomeOf(response));
    }
    // Assess
    expect(outcomes).toEqual(['started', 'started', 'started', 'too_many']);
    expect(gateway.executions.started).toHaveLength(PER_MINUTE);
    const recorded = await gateway.approvals.listByRequester('U_ALICE', { limit: 100 });
    expect(recorded.items).toHaveLength(PER_MINUTE);
    const placeholders = gateway.slack
      .of('chat.postMessage')
      .filter((args) => String(args.text).includes('Received'));
    expect(placeholders).toHaveLength(PER_MINUTE);
    const refusals = gateway.slack.of('chat.postEphemeral');
    expect(refusals).toEqual([
      expect.objectContaining({ user: 'U_ALICE', text: expect.stringContaining('Slow down') }),
    ]);
    expect(String(refusals[0]?.text)).toContain('ask again in 20 s');
  });

  it('counts each Slack user apart', async () => {
    // Prepare
    const gateway = gatewayHarness({ submissionsPerMinute: PER_MINUTE });
    for (let n = 0; n <= PER_MINUTE; n++)
      await gateway.send('/slack/events', mentionBy('U_ALICE', n));
    // Act
    const other = await gateway.send('/slack/events', mentionBy('U_APPROVER', 50));
    // Assess
    expect(await outcomeOf(other)).toBe('started');
    expect(gateway.executions.started).toHaveLength(PER_MINUTE + 1);
  });

  it('allows the user again once the window has refilled', async () => {
    // Prepare
    const gateway = gatewayHarness({ submissionsPerMinute: PER_MINUTE });
    for (let n = 0; n <= PER_MINUTE; n++)
      await gateway.send('/slack/events', mentionBy('U_ALICE', n));
    // Act
    gateway.clock.advance(19_000);
    const early = await gateway.send('/slack/events', mentionBy('U_ALICE', 10));
    gateway.clock.advance(1_000);
    const onTime = await gateway.send('/slack/events', mentionBy('U_ALICE', 11));
    // Assess
    expect(await outcomeOf(early)).toBe('too_many');
    expect(await outcomeOf(onTime)).toBe('started');
    expect(gateway.executions.started).toHaveLength(PER_MINUTE + 1);
  });
});
