import {
  DynamoSlackMessageLedger,
  fixedSlackCredentials,
  type PeopleDirectory,
  SlackNotifier,
} from '@agentcore/adapters';
import { capturedTelemetry } from '@agentcore/adapters/testing';
import { type ApprovalItem, approvedDigestOf, newRequestId } from '@agentcore/core';
import { createApp, type GatewayDeps } from '@agentcore/service-slack-gateway';
import { signSlackRequest } from '@agentcore/slack';
import { SealingKey } from '@agentcore/store';
import { sealedMarker } from '@agentcore/workflow';
import {
  ManualClock,
  RecordingExecutionStarter,
  RecordingTaskTokens,
} from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/dynamodb.js';

const SECRET = 'integration-signing-secret';
const CALL = { tool: 'google_admin__reset_2fa', arguments: { user_key: 'bob@example.com' } };
const POLICY = {
  outcome: 'require_approval' as const,
  policyIds: ['approvers-decide'],
  reason: 'changes need an approver',
  approval: {
    approverUserIds: [],
    approverGroups: ['approvers'],
    quorum: 1,
    allowSelfApproval: false,
    expiresInSeconds: 3_600,
  },
  policyVersion: 1,
};

/** Slack's Web API port, recorded (the gateway's and the notifier's calls). */
function recordingSlack() {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  let ts = 1_700_000_000;
  return {
    calls,
    of: (method: string) => calls.filter((call) => call.method === method).map((call) => call.args),
    api: {
      postMessage: async (args: { channel: string }) => {
        calls.push({ method: 'chat.postMessage', args });
        ts += 1;
        return { channel: args.channel, ts: `${ts}.000100` };
      },
      updateMessage: async (args: { channel: string; ts: string }) => {
        calls.push({ method: 'chat.update', args });
        return args;
      },
      postEphemeral: async (args: { channel: string }) => {
        calls.push({ method: 'chat.postEphemeral', args });
        return { messageTs: '1.1' };
      },
      openView: async (args: { trigger_id: string }) => {
        calls.push({ method: 'views.open', args });
        return { viewId: 'V1' };
      },
      setThreadStatus: async (args: { channel_id: string }) => {
        calls.push({ method: 'assistant.threads.setStatus', args });
        return { applied: true };
      },
    },
  };
}

const people: PeopleDirectory = {
  person: async (userId) =>
    ({
      U_ALICE: { userId, groups: ['requesters'] },
      U_APPROVER: { userId, groups: ['approvers'] },
      U_APPROVER_2: { userId, groups: ['approvers'] },
    })[userId],
  groupsOf: async () => [],
};

async function gatewayOnDynamo() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const db = await createTestDatabase(clock.now);
  const slack = recordingSlack();
  const ledger = new DynamoSlackMessageLedger(db.documents, db.tables.sessions, clock.now);
  const tokens = new RecordingTaskTokens();
  const executions = new RecordingExecutionStarter();
  const notifier = new SlackNotifier({ slack: async () => slack.api, ledger, clock: clock.now });
  const deps: GatewayDeps = {
    telemetry: capturedTelemetry('slack-gateway', {}).telemetry,
    clock: clock.now,
    credentials: fixedSlackCredentials({ signing_secret: SECRET, bot_token: 'xoxb-it' }),
    slack: async () => slack.api,
    exchangeInstallCode: async () => ({}),
    authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    claims: db.stores.idempotency,
    sessions: db.stores.sessions,
    directory: people,
    ledger,
    progress: notifier.progress,
    approvals: db.stores.approvals,
    executions,
    tokens,
    policy: { decide: async () => POLICY },
    pinner: { pin: async (tools) => Object.fromEntries(tools.map((tool) => [tool, 'pin'])) },
    environment: 'dev',
    botUserId: 'U_BOT',
  };
  const app = createApp(deps);
  const send = (path: string, body: string, headers: Record<string, string> = {}) => {
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    return app.request(path, {
      method: 'POST',
      headers: {
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackRequest({ signingSecret: SECRET, rawBody: body, timestamp }),
        ...headers,
      },
      body,
    });
  };
  /** A request asked in Slack, moved to pending as the workflow's approval step does. */
  const pending = async (): Promise<ApprovalItem> => {
    const requestId = newRequestId(clock.now().getTime());
    const origin = { source: 'slack' as const, channelId: 'C_OPS', threadTs: '1893456000.000100' };
    await db.stores.approvals.create(
      {
        requestId,
        requester: { userId: 'U_ALICE', groups: [] },
        action: {
          requester: { userId: 'U_ALICE', groups: [] },
          origin,
          query: 'reset 2FA for bob@example.com',
          summary: 'Reset 2FA for bob@example.com',
          category: 'other',
          environment: 'dev',
          intendedTools: [CALL.tool],
          toolCalls: [CALL],
        },
        intendedTools: [CALL.tool],
        executionArn: executions.executionArnOf(requestId),
      },
      'U_ALICE',
    );
    await ledger.recordThread(requestId, { ...origin, placeholderTs: '1893456000.000900' });
    const changes = {
      policy: POLICY,
      taskToken: `token-${requestId}`,
      toolPins: { [CALL.tool]: 'pin' },
      allowedTools: [CALL.tool],
      expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    };
    const item = (await db.stores.approvals.get(requestId)) as ApprovalItem;
    await notifier.approvalRequested({ ...item, ...changes, status: 'pending' });
    await db.stores.approvals.transition(requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
      changes,
    });
    return (await db.stores.approvals.get(requestId)) as ApprovalItem;
  };
  return { db, slack, ledger, tokens, executions, notifier, send, pending, clock };
}

function click(
  userId: string,
  actionId: string,
  item: ApprovalItem,
  card: { channelId: string; ts: string },
) {
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: userId },
      container: { type: 'message', channel_id: card.channelId, message_ts: card.ts },
      channel: { id: card.channelId },
      actions: [
        {
          action_id: actionId,
          value: JSON.stringify({ requestId: item.requestId, callsDigest: approvedDigestOf(item) }),
        },
      ],
    }),
  }).toString();
}

describe('the Slack gateway and notifier on DynamoDB', () => {
  it('takes an event delivered 4 times once: one request, one placeholder, one session', async () => {
    // Prepare
    const gateway = await gatewayOnDynamo();
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'EvDynamo1',
      authorizations: [{ user_id: 'U_BOT', is_bot: true }],
      event: {
        type: 'app_mention',
        user: 'U_ALICE',
        text: '<@U_BOT> reset 2FA for bob@example.com',
        ts: '1893456000.000100',
        channel: 'C_OPS',
      },
    });
    // Act
    const answers = await Promise.all(
      ['0', '1', '2', '3'].map((retry) =>
        gateway.send('/slack/events', body, { 'x-slack-retry-num': retry }),
      ),
    );
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(gateway.executions.started).toHaveLength(1);
    expect(gateway.slack.of('chat.postMessage')).toHaveLength(1);
    const [requestId] = gateway.executions.started;
    expect(await gateway.ledger.get(requestId as string)).toMatchObject({
      channelId: 'C_OPS',
      threadTs: '1893456000.000100',
      placeholderTs: expect.any(String),
    });
    const session = await gateway.db.stores.sessions.get({
      channelId: 'C_OPS',
      threadTs: '1893456000.000100',
    });
    expect(session?.turns[0]).toEqual({ role: 'user', content: 'reset 2FA for bob@example.com' });
  });

  it('posts the card into the thread, and 20 concurrent clicks record one decision', async () => {
    // Prepare
    const gateway = await gatewayOnDynamo();
    const item = await gateway.pending();
    const cards = (await gateway.ledger.get(item.requestId))?.cards ?? [];
    expect(cards).toHaveLength(1);
    const card = cards[0] as { channelId: string; ts: string };
    expect(gateway.slack.of('chat.postMessage')[0]).toMatchObject({
      channel: 'C_OPS',
      thread_ts: '1893456000.000100',
    });
    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        gateway.send(
          '/slack/interactivity',
          click(
            index % 2 ? 'U_APPROVER' : 'U_APPROVER_2',
            index % 4 ? 'hitl_approve' : 'hitl_reject',
            item,
            card,
          ),
        ),
      ),
    );
    // Assess
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const decided = await gateway.db.stores.approvals.get(item.requestId);
    expect(decided?.votes).toHaveLength(1);
    expect(gateway.tokens.deliveries).toHaveLength(1);
    expect(gateway.tokens.deliveries[0]?.output).toEqual({ verdict: decided?.status });
    const decisions = (await gateway.db.stores.audit.list(item.requestId)).filter((entry) =>
      entry.type.includes('decision'),
    );
    expect(decisions.length).toBeLessThanOrEqual(1);
    // Every other click is told why nothing changed; a repeat of the settling click that reads
    // the request once it is decided hands the decision over again instead (so, no message).
    const clicks = Array.from({ length: 20 }, (_, index) => ({
      user: index % 2 ? 'U_APPROVER' : 'U_APPROVER_2',
      verdict: index % 4 ? 'approved' : 'rejected',
    }));
    const repeats = clicks.filter(
      (each) =>
        each.user === decided?.decision?.approver && each.verdict === decided?.decision?.verdict,
    ).length;
    const told = gateway.slack.of('chat.postEphemeral').length;
    expect(told).toBeGreaterThanOrEqual(20 - repeats);
    expect(told).toBeLessThanOrEqual(19);
  });

  it('tells how it ended: the card loses its buttons, the placeholder is updated, results thread, a secret reaches its requester once', async () => {
    // Prepare
    const gateway = await gatewayOnDynamo();
    const key = SealingKey.fromBase64(Buffer.alloc(32, 7).toString('base64'));
    const sealed = gateway.db.stores.sealedOutputs(async () => key);
    const notifier = new SlackNotifier({
      slack: async () => gateway.slack.api,
      ledger: gateway.ledger,
      clock: gateway.clock.now,
      sealedOutputs: sealed,
    });
    const item = await gateway.pending();
    const { digest } = await sealed.seal({
      requestId: item.requestId,
      recipient: 'U_ALICE',
      tool: 'totp__get_totp_code',
      output: '123456',
    });
    const finished: ApprovalItem = {
      ...item,
      status: 'completed',
      result: {
        outcome: 'completed',
        output: 'done',
        startedAt: gateway.clock.now().toISOString(),
        toolCalls: [{ ...CALL, output: sealedMarker(digest, 'U_ALICE'), ok: true }],
        finishedAt: gateway.clock.now().toISOString(),
      },
    } as ApprovalItem;
    // Act
    await notifier.finished(finished);
    await notifier.finished(finished);
    // Assess
    const cardTs = (await gateway.ledger.get(item.requestId))?.cards[0]?.ts;
    const cardUpdates = gateway.slack.of('chat.update').filter((args) => args.ts === cardTs);
    expect(cardUpdates.length).toBeGreaterThan(0);
    expect(JSON.stringify(cardUpdates.at(-1))).not.toContain('hitl_approve');
    const placeholder = gateway.slack
      .of('chat.update')
      .filter((args) => args.ts === '1893456000.000900');
    expect(placeholder.at(-1)?.text).toContain('Done');
    const threaded = gateway.slack
      .of('chat.postMessage')
      .filter((args) => args.thread_ts === '1893456000.000100');
    expect(threaded.length).toBeGreaterThan(1);
    expect(JSON.stringify(threaded)).not.toContain('123456');
    const secrets = gateway.slack.of('chat.postEphemeral');
    expect(secrets).toEqual([
      expect.objectContaining({ user: 'U_ALICE', text: expect.stringContaining('123456') }),
    ]);
  });

  it.each([
    ['expired', 'Expired without a decision'],
    ['cancelled', 'Cancelled'],
  ] as const)(
    'says on the card when a request %s, and takes its buttons away',
    async (status, headline) => {
      // Prepare
      const gateway = await gatewayOnDynamo();
      const item = await gateway.pending();
      const cardTs = (await gateway.ledger.get(item.requestId))?.cards[0]?.ts;
      // Act
      await gateway.notifier.finished({ ...item, status, statusReason: `it was ${status}` });
      // Assess
      const card = gateway.slack
        .of('chat.update')
        .filter((args) => args.ts === cardTs)
        .at(-1);
      expect(JSON.stringify(card)).toContain(headline);
      expect(JSON.stringify(card)).not.toContain('hitl_approve');
      expect(JSON.stringify(card)).not.toContain('"actions"');
    },
  );
});
