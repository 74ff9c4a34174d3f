import {
  configStoreDirectory,
  type DirectoryPerson,
  directorySlackIds,
  SlackNotifier,
  type VersionedConfigStore,
} from '@agentcore/adapters';
import { approvedDigestOf } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { BOT_USER_ID, buttonClick, eventEnvelope, gatewayHarness } from './harness.js';

/** A company whose directory ids are emails and employee numbers, each naming a Slack id. */
const PEOPLE: DirectoryPerson[] = [
  { userId: 'alice@example.com', displayName: 'Alice', slackUserId: 'U0ALICE', groups: [] },
  { userId: 'E1001', displayName: 'Ana', slackUserId: 'U0ANA', groups: ['approvers'] },
  // Keyed by the Slack id itself, as the local directory is.
  { userId: 'U_APPROVER_2', displayName: 'Ben', groups: ['approvers'] },
  // Claims another Slack id: the Slack user whose id is this userId is not this person.
  { userId: 'U0MALLORY', displayName: 'Mallory', slackUserId: 'U0OTHER', groups: ['approvers'] },
  // Two people naming one Slack id: nobody can tell which one acts.
  { userId: 'twin-a@example.com', slackUserId: 'U0TWIN', groups: [] },
  { userId: 'twin-b@example.com', slackUserId: 'U0TWIN', groups: ['approvers'] },
];

/** The config store's directory, saved once (the in-memory side of the store's port). */
class SavedDirectory implements VersionedConfigStore<'directory'> {
  async currentVersion() {
    return 1;
  }
  async latest() {
    return { version: 1, value: { people: PEOPLE } };
  }
}

function harness() {
  const directory = configStoreDirectory(new SavedDirectory(), {});
  return { gateway: gatewayHarness({ directory }), directory };
}

function mentionBy(user: string): string {
  return eventEnvelope({
    type: 'app_mention',
    user,
    text: `<@${BOT_USER_ID}> reset 2FA for bob@example.com`,
    ts: '1893456000.000100',
    channel: 'C_OPS',
  });
}

async function outcomeOf(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { outcome?: string }).outcome;
}

describe('Slack user ids mapped to directory people', () => {
  it('starts a request as the directory person whose slackUserId is the signed user', async () => {
    // Prepare
    const { gateway } = harness();
    // Act
    const response = await gateway.send('/slack/events', mentionBy('U0ALICE'));
    // Assess
    expect(await outcomeOf(response)).toBe('started');
    const [requestId] = gateway.executions.started;
    const item = await gateway.approvals.get(requestId as string);
    expect(item?.requester.userId).toBe('alice@example.com');
  });

  it('records an approval as the directory person and shows everyone on the card by Slack id', async () => {
    // Prepare
    const { gateway } = harness();
    const item = await gateway.pendingRequest('alice@example.com');
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U0ANA', 'hitl_approve', value));
    // Assess
    const decided = await gateway.approvals.get(item.requestId);
    expect(decided?.decision).toMatchObject({ approver: 'E1001', verdict: 'approved' });
    const card = JSON.stringify(gateway.slack.of('chat.update').at(-1));
    expect(card).toContain('<@U0ANA>');
    expect(card).toContain('<@U0ALICE>');
    expect(card).not.toContain('E1001');
    expect(card).not.toContain('alice@example.com');
  });

  it('still finds a person whose directory id is their Slack id', async () => {
    // Prepare
    const { gateway } = harness();
    const item = await gateway.pendingRequest('alice@example.com');
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U_APPROVER_2', 'hitl_reject', value));
    // Assess
    const decided = await gateway.approvals.get(item.requestId);
    expect(decided?.decision).toMatchObject({ approver: 'U_APPROVER_2', verdict: 'rejected' });
  });

  it('knows the requester under their Slack id too: no approving their own request', async () => {
    // Prepare
    const { gateway } = harness();
    const item = await gateway.pendingRequest('E1001');
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U0ANA', 'hitl_approve', value));
    // Assess
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('pending');
    expect(gateway.slack.of('chat.postEphemeral')).toEqual([
      expect.objectContaining({
        user: 'U0ANA',
        text: expect.stringContaining('cannot approve your own request'),
      }),
    ]);
  });

  it('does not take a Slack user for the person whose userId it is when that person names another Slack id', async () => {
    // Prepare
    const { gateway } = harness();
    const item = await gateway.pendingRequest('alice@example.com');
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    await gateway.send('/slack/interactivity', buttonClick('U0MALLORY', 'hitl_approve', value));
    // Assess
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('pending');
    expect(String(gateway.slack.of('chat.postEphemeral')[0]?.text)).toContain('do not know you');
  });

  it('treats a Slack id two people name as unknown: a clear message, and nothing runs', async () => {
    // Prepare
    const { gateway } = harness();
    const item = await gateway.pendingRequest('alice@example.com');
    const value = { requestId: item.requestId, callsDigest: approvedDigestOf(item) };
    // Act
    const mention = await gateway.send('/slack/events', mentionBy('U0TWIN'));
    await gateway.send('/slack/interactivity', buttonClick('U0TWIN', 'hitl_approve', value));
    // Assess
    expect(await outcomeOf(mention)).toBe('unknown_person');
    expect(gateway.executions.started).toEqual([]);
    expect((await gateway.approvals.get(item.requestId))?.status).toBe('pending');
    const told = gateway.slack.of('chat.postEphemeral');
    expect(told).toHaveLength(2);
    for (const each of told) {
      expect(each).toMatchObject({ user: 'U0TWIN' });
      expect(String(each.text)).toContain('more than one person');
    }
  });

  it('has the notifier post cards that mention people by Slack id', async () => {
    // Prepare
    const { gateway, directory } = harness();
    const item = await gateway.pendingRequest('alice@example.com');
    const notifier = new SlackNotifier({
      slack: async () => gateway.slack,
      ledger: gateway.ledger,
      clock: gateway.clock.now,
      slackIdOf: directorySlackIds(directory),
    });
    // Act
    await notifier.approvalRequested(item);
    // Assess
    const card = JSON.stringify(gateway.slack.of('chat.postMessage').at(-1));
    expect(card).toContain('<@U0ALICE>');
    expect(card).not.toContain('alice@example.com');
  });
});
