import { InMemorySlackMessageLedger, SlackNotifier } from '@agentcore/adapters';
import { type ApprovalItem, ApprovalItemSchema, newRequestId } from '@agentcore/core';
import { DELIVERED_EVENT, SEALED_EVENT, SealingKey } from '@agentcore/store';
import { sealedMarker } from '@agentcore/workflow';
import { ManualClock } from '@agentcore/workflow/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/dynamodb.js';
import { slackOnStandIn } from '../support/slack-stand-in.js';

const THREAD = { channelId: 'C_OPS', threadTs: '1893456000.000100' };
const CODE = '493817';
const TOOL = 'totp__get_totp_code';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The notifier over the real Web API client and the local Slack, its secrets in DynamoDB Local. */
async function notifierWithVault() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const db = await createTestDatabase(clock.now);
  const key = SealingKey.fromBase64(Buffer.alloc(32, 9).toString('base64'));
  const vault = db.stores.sealedOutputs(async () => key);
  const { standIn, slack } = await slackOnStandIn(
    [{ userId: 'U0ALICE', displayName: 'Alice' }],
    closers,
  );
  const ledger = new InMemorySlackMessageLedger();
  const notifier = new SlackNotifier({
    slack: async () => slack,
    ledger,
    clock: clock.now,
    sealedOutputs: vault,
    // The directory knows Alice by her email; Slack by U0ALICE.
    slackIdOf: async (userId) => (userId === 'alice@example.com' ? 'U0ALICE' : userId),
  });
  return { db, vault, standIn, notifier, ledger, clock };
}

/** A completed request whose one call's result was sealed for `requester`. */
async function completedWithSecret(
  vault: Awaited<ReturnType<typeof notifierWithVault>>['vault'],
  clock: ManualClock,
  requester: string,
): Promise<ApprovalItem> {
  const requestId = newRequestId(clock.now().getTime());
  const { digest } = await vault.seal({
    requestId,
    recipient: requester,
    tool: TOOL,
    output: CODE,
  });
  const now = clock.now().toISOString();
  const call = { tool: TOOL, arguments: {} };
  const marker = sealedMarker(digest, requester);
  return ApprovalItemSchema.parse({
    requestId,
    status: 'completed',
    version: 5,
    createdAt: now,
    updatedAt: now,
    requester: { userId: requester, groups: [] },
    action: {
      requester: { userId: requester, groups: [] },
      origin: { source: 'slack', ...THREAD },
      query: 'my TOTP code',
      summary: 'Get your TOTP code',
      category: 'other',
      environment: 'dev',
      intendedTools: [TOOL],
      toolCalls: [call],
    },
    intendedTools: [TOOL],
    allowedTools: [TOOL],
    toolPins: {},
    votes: [],
    result: {
      outcome: 'completed',
      output: marker,
      toolCalls: [{ ...call, ok: true, output: marker }],
      startedAt: now,
      finishedAt: now,
    },
  });
}

describe('a secret whose private post Slack refuses', () => {
  it('stays readable once by its requester alone, and never reaches the thread or the audit', async () => {
    // Prepare
    const { db, vault, standIn, notifier, ledger, clock } = await notifierWithVault();
    const item = await completedWithSecret(vault, clock, 'alice@example.com');
    await ledger.recordThread(item.requestId, THREAD);
    standIn.failNext('chat.postEphemeral', { error: 'fatal_error' });
    // Act
    await notifier.finished(item);
    // Assess: nobody saw it in Slack, and the thread says where to read it
    expect(standIn.state.ephemerals).toEqual([]);
    const thread = JSON.stringify(standIn.state.messages);
    expect(thread).not.toContain(CODE);
    const notice = standIn.state.messages.find((message) =>
      message.text.includes(`hitl-mcp secret ${item.requestId}`),
    );
    expect(notice?.thread_ts).toBe(THREAD.threadTs);
    expect(notice?.text).toContain('<@U0ALICE>');
    // Assess: someone else gets nothing; the requester gets it once
    expect(await vault.take(item.requestId, 'U_APPROVER')).toEqual({ status: 'none' });
    const read = await vault.take(item.requestId, 'alice@example.com');
    expect(read).toMatchObject({ status: 'delivered', outputs: [{ tool: TOOL, output: CODE }] });
    expect(await vault.take(item.requestId, 'alice@example.com')).toEqual({ status: 'gone' });
    // Assess: the audit says sealed, delivered, sealed again, delivered, with one digest, no code
    const events = await db.stores.audit.list(item.requestId);
    expect(JSON.stringify(events)).not.toContain(CODE);
    const secretEvents = events.filter((event) => event.type.startsWith('sensitive_output.'));
    expect(secretEvents.map((event) => event.type)).toEqual([
      SEALED_EVENT,
      DELIVERED_EVENT,
      SEALED_EVENT,
      DELIVERED_EVENT,
    ]);
    const digests = new Set(secretEvents.map((event) => (event.data as { digest: string }).digest));
    expect(digests.size).toBe(1);
    expect((await db.stores.audit.verify(item.requestId)).ok).toBe(true);
  });

  it('hands it over privately, once, to the Slack id of a requester the directory names by email', async () => {
    // Prepare
    const { vault, standIn, notifier, ledger, clock } = await notifierWithVault();
    const item = await completedWithSecret(vault, clock, 'alice@example.com');
    await ledger.recordThread(item.requestId, THREAD);
    // Act
    await notifier.finished(item);
    // Assess
    expect(standIn.state.ephemerals).toEqual([
      expect.objectContaining({ user: 'U0ALICE', text: expect.stringContaining(CODE) }),
    ]);
    expect(JSON.stringify(standIn.state.messages)).not.toContain(CODE);
    expect(await vault.take(item.requestId, 'alice@example.com')).toEqual({ status: 'gone' });
  });
});
