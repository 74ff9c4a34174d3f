import { InMemorySlackMessageLedger, SlackNotifier } from '@agentcore/adapters';
import { type ApprovalItem, ApprovalItemSchema } from '@agentcore/core';
import { ManualClock } from '@agentcore/workflow/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { slackOnStandIn } from '../support/slack-stand-in.js';

const THREAD = { channelId: 'C_OPS', threadTs: '1893456000.000100' };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The notifier over the real Web API client, against the local Slack (which enforces limits). */
async function notifierOnStandIn() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const { standIn, slack } = await slackOnStandIn(
    [{ userId: 'U_ALICE', displayName: 'Alice' }],
    closers,
  );
  const ledger = new InMemorySlackMessageLedger();
  const notifier = new SlackNotifier({ slack: async () => slack, ledger, clock: clock.now });
  return { standIn, slack, notifier, ledger, clock };
}

function completed(output: string, clock: ManualClock): ApprovalItem {
  const now = clock.now().toISOString();
  const call = { tool: 'jira__list_issues', arguments: { project: 'OPS' } };
  // Parsed, so the defaults of fields this test does not care about are filled in.
  return ApprovalItemSchema.parse({
    requestId: '01M8MPKK2YAEMWQYK27M90CGEM',
    status: 'completed',
    version: 5,
    createdAt: now,
    updatedAt: now,
    requester: { userId: 'U_ALICE', groups: [] },
    action: {
      requester: { userId: 'U_ALICE', groups: [] },
      origin: { source: 'slack', ...THREAD },
      query: 'list jira issues in OPS',
      summary: 'List the issues of OPS',
      category: 'other',
      environment: 'dev',
      intendedTools: [call.tool],
      toolCalls: [call],
    },
    intendedTools: [call.tool],
    allowedTools: [call.tool],
    toolPins: {},
    votes: [],
    result: {
      outcome: 'completed',
      output,
      toolCalls: [{ ...call, ok: true, output }],
      startedAt: now,
      finishedAt: now,
    },
  });
}

describe('the Slack notifier against the local Slack', () => {
  it('threads a 100 000-character result as pages Slack accepts, and updates the placeholder', async () => {
    // Prepare
    const { standIn, slack, notifier, ledger, clock } = await notifierOnStandIn();
    const placeholder = await slack.postMessage({
      channel: THREAD.channelId,
      thread_ts: THREAD.threadTs,
      text: 'Received; planning your request…',
    });
    const item = completed(
      Array.from(
        { length: 2_000 },
        (_, line) => `Issue OPS-${line}: the printer on floor ${line % 9} is out of toner.`,
      )
        .join('\n')
        .slice(0, 100_000),
      clock,
    );
    await ledger.recordThread(item.requestId, { ...THREAD, placeholderTs: placeholder.ts });
    // Act
    await notifier.finished(item);
    // Assess: every page accepted (the stand-in refuses what Slack refuses, and the client would
    // have thrown), all in the thread
    const replies = standIn.state.messages.filter(
      (message) => message.thread_ts === THREAD.threadTs && message.ts !== placeholder.ts,
    );
    expect(replies.length).toBeGreaterThan(1);
    const lastIssue = item.result?.output.match(/Issue OPS-\d+/g)?.at(-1) as string;
    expect(replies.map((reply) => JSON.stringify(reply.blocks)).join('')).toContain(lastIssue);
    const updated = standIn.state.messages.find((message) => message.ts === placeholder.ts);
    expect(updated?.text).toContain('Done: request');
  });

  it('never lets a tool result ping the channel or link', async () => {
    // Prepare
    const { standIn, notifier, ledger, clock } = await notifierOnStandIn();
    const item = completed(
      'Ping <!channel> and <@U_ALICE>, see <https://evil.example|your bank>',
      clock,
    );
    await ledger.recordThread(item.requestId, THREAD);
    // Act
    await notifier.finished(item);
    // Assess
    const posted = JSON.stringify(
      standIn.state.messages.map((message) => [message.text, message.blocks]),
    );
    expect(posted).not.toContain('<!channel>');
    expect(posted).not.toContain('<https://evil.example');
    expect(posted).toContain('&lt;!channel&gt;');
  });
});
