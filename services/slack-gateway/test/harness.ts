import type { PeopleDirectory, SlackMessaging } from '@agentcore/adapters';
import {
  fixedSlackCredentials,
  InMemorySlackMessageLedger,
  SlackNotifier,
  SubmissionLimit,
} from '@agentcore/adapters';
import { capturedTelemetry } from '@agentcore/adapters/testing';
import {
  type ApprovalItem,
  DuplicateError,
  newRequestId,
  type PolicyDecision,
} from '@agentcore/core';
import { signSlackRequest } from '@agentcore/slack';
import type { MemoryTurn, StoredSlackSession, Thread } from '@agentcore/store';
import {
  InMemoryApprovalRepository,
  ManualClock,
  RecordingExecutionStarter,
  RecordingTaskTokens,
} from '@agentcore/workflow/testing';
import { createApp } from '../src/app.js';
import type { GatewayDeps } from '../src/deps.js';

export const SIGNING_SECRET = 'unit-signing-secret';
export const BOT_USER_ID = 'U_BOT';

/** One Web API call the gateway made, as Slack would have received it. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
}

/** The Slack Web API port, recorded: every call kept; posts get increasing timestamps. */
export class RecordingSlack implements SlackMessaging {
  readonly calls: SlackCall[] = [];
  #ts = 1_700_000_000;
  readonly #failing = new Set<string>();

  /** The next call of `method` fails as Slack's client fails (a platform error). */
  failNext(method: string): void {
    this.#failing.add(method);
  }

  #record(method: string, args: Record<string, unknown>): void {
    if (this.#failing.delete(method)) {
      throw Object.assign(new Error(`${method} failed`), {
        name: 'SlackApiError',
        code: 'internal_error',
      });
    }
    this.calls.push({ method, args });
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async postMessage(args: { channel: string; thread_ts?: string; text: string }) {
    this.#record('chat.postMessage', args);
    this.#ts += 1;
    return { channel: args.channel, ts: `${this.#ts}.000100` };
  }
  async updateMessage(args: { channel: string; ts: string; text: string }) {
    this.#record('chat.update', args);
    return { channel: args.channel, ts: args.ts };
  }
  async postEphemeral(args: { channel: string; user: string; text: string }) {
    this.#record('chat.postEphemeral', args);
    return { messageTs: '1.1' };
  }
  async openView(args: { trigger_id: string; view: unknown }) {
    this.#record('views.open', args);
    return { viewId: 'V1' };
  }
  async setThreadStatus(args: { channel_id: string; thread_ts: string; status: string }) {
    this.#record('assistant.threads.setStatus', args);
    return { applied: true };
  }
}

/** The local directory's people (config/local/directory.json). */
const PEOPLE = [
  { userId: 'U_ALICE', displayName: 'Alice', email: 'alice@example.com', groups: ['requesters'] },
  { userId: 'U_APPROVER', displayName: 'Ana', email: 'ana@example.com', groups: ['approvers'] },
  { userId: 'U_APPROVER_2', displayName: 'Ben', email: 'ben@example.com', groups: ['approvers'] },
  { userId: 'U_ADMIN', displayName: 'Ada', email: 'ada@example.com', groups: ['admins'] },
];

const people: PeopleDirectory = {
  person: async (userId) => PEOPLE.find((each) => each.userId === userId),
  groupsOf: async (userId) => [...(PEOPLE.find((each) => each.userId === userId)?.groups ?? [])],
};

class InMemoryClaims {
  readonly keys = new Set<string>();
  async claim(key: string): Promise<void> {
    if (this.keys.has(key)) throw new DuplicateError(key);
    this.keys.add(key);
  }
}

class InMemorySessions {
  readonly saved = new Map<string, StoredSlackSession>();
  async get(thread: Thread) {
    return this.saved.get(`${thread.channelId}:${thread.threadTs}`);
  }
  async save(thread: Thread, input: { sessionId: string; turns: MemoryTurn[] }) {
    const threadKey = `${thread.channelId}:${thread.threadTs}`;
    this.saved.set(threadKey, { ...input, threadKey, updatedAt: 0, ttl: 0 });
  }
}

export const APPROVAL_POLICY: PolicyDecision = {
  outcome: 'require_approval',
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

/** The gateway over in-memory fakes of its ports, with Slack recorded. */
export function gatewayHarness(
  options: { submissionsPerMinute?: number; directory?: PeopleDirectory } = {},
) {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const slack = new RecordingSlack();
  const ledger = new InMemorySlackMessageLedger();
  const approvals = new InMemoryApprovalRepository(clock.now);
  const executions = new RecordingExecutionStarter();
  const tokens = new RecordingTaskTokens();
  const claims = new InMemoryClaims();
  const sessions = new InMemorySessions();
  const decided: string[] = [];
  let nextPolicy: PolicyDecision = APPROVAL_POLICY;
  const captured = capturedTelemetry('slack-gateway', {});
  const deps: GatewayDeps = {
    telemetry: captured.telemetry,
    clock: clock.now,
    credentials: fixedSlackCredentials({
      signing_secret: SIGNING_SECRET,
      bot_token: 'xoxb-unit',
      client_id: 'client-1',
      client_secret: 'client-secret',
    }),
    slack: async () => slack,
    exchangeInstallCode: async (input) => {
      if (input.code !== 'good-code')
        throw Object.assign(new Error('invalid_code'), { code: 'invalid_code' });
      return {
        access_token: 'xoxb-installed',
        bot_user_id: 'U_BOT',
        team: { id: 'T1', name: 'Team' },
      };
    },
    authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    claims,
    sessions,
    directory: options.directory ?? people,
    ledger,
    progress: new SlackNotifier({ slack: async () => slack, ledger, clock: clock.now }).progress,
    approvals,
    executions,
    tokens,
    policy: {
      decide: async (action) => {
        decided.push(JSON.stringify(action.toolCalls));
        return nextPolicy;
      },
    },
    pinner: {
      pin: async (tools) => Object.fromEntries(tools.map((tool) => [tool, `pin-${tool}`])),
    },
    environment: 'dev',
    submissions: new SubmissionLimit(options.submissionsPerMinute ?? 60, clock.now),
    botUserId: BOT_USER_ID,
  };
  const app = createApp(deps);

  /** Posts `body` to `path`, signed as Slack signs it unless `headers` say otherwise. */
  const send = (path: string, body: string, headers: Record<string, string> = {}) => {
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    return app.request(path, {
      method: 'POST',
      headers: {
        'content-type': path.endsWith('/events')
          ? 'application/json'
          : 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackRequest({
          signingSecret: SIGNING_SECRET,
          rawBody: body,
          timestamp,
        }),
        ...headers,
      },
      body,
    });
  };

  /** A pending request asked by `requester` with one exact call, as the workflow leaves it. */
  const pendingRequest = async (
    requester = 'U_ALICE',
    thread = { channelId: 'C_OPS', threadTs: '1700000000.000100' },
  ): Promise<ApprovalItem> => {
    const requestId = newRequestId(clock.now().getTime());
    const call = { tool: 'google_admin__reset_2fa', arguments: { user_key: 'bob@example.com' } };
    await approvals.create(
      {
        requestId,
        requester: { userId: requester, groups: [] },
        action: {
          requester: { userId: requester, groups: [] },
          origin: { source: 'slack', ...thread },
          query: 'reset 2FA for bob@example.com',
          summary: 'Reset 2FA for bob@example.com',
          category: 'other',
          environment: 'dev',
          intendedTools: [call.tool],
          toolCalls: [call],
        },
        intendedTools: [call.tool],
        executionArn: executions.executionArnOf(requestId),
      },
      requester,
    );
    await approvals.transition(requestId, {
      from: 'received',
      to: 'pending',
      actor: 'approval',
      changes: {
        policy: APPROVAL_POLICY,
        taskToken: `token-${requestId}`,
        toolPins: { [call.tool]: `pin-${call.tool}` },
        allowedTools: [call.tool],
        expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
      },
    });
    await ledger.addCard(requestId, { channelId: thread.channelId, ts: '1700000000.000200' });
    return (await approvals.get(requestId)) as ApprovalItem;
  };

  return {
    app,
    deps,
    clock,
    slack,
    ledger,
    approvals,
    executions,
    tokens,
    claims,
    sessions,
    captured,
    decided,
    setPolicy: (policy: PolicyDecision) => {
      nextPolicy = policy;
    },
    send,
    pendingRequest,
  };
}

/** An Events API envelope around `event`, as Slack delivers it. */
export function eventEnvelope(event: Record<string, unknown>, eventId = 'Ev0001') {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_893_456_000,
    authorizations: [{ team_id: 'T1', user_id: BOT_USER_ID, is_bot: true }],
    event,
  });
}

/** A form body `payload=<json>`, as Slack posts interactions. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A click on one of a card's buttons by `userId`. */
export function buttonClick(
  userId: string,
  actionId: string,
  value: Record<string, unknown>,
  card = { channel: 'C_OPS', ts: '1700000000.000200', thread: '1700000000.000100' },
) {
  return interactionBody({
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: 'trigger-1',
    container: {
      type: 'message',
      message_ts: card.ts,
      channel_id: card.channel,
      is_ephemeral: false,
      thread_ts: card.thread,
    },
    channel: { id: card.channel, name: 'ops' },
    message: { ts: card.ts, thread_ts: card.thread },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'decide',
        value: JSON.stringify(value),
        action_ts: '1',
      },
    ],
  });
}
