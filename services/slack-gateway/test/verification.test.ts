import { signSlackRequest } from '@agentcore/slack';
import { describe, expect, it } from 'vitest';
import {
  BOT_USER_ID,
  buttonClick,
  eventEnvelope,
  gatewayHarness,
  interactionBody,
  SIGNING_SECRET,
} from './harness.js';

const mentionBody = eventEnvelope({
  type: 'app_mention',
  user: 'U_ALICE',
  text: `<@${BOT_USER_ID}> reset 2FA for bob@example.com`,
  ts: '1893456000.000100',
  channel: 'C_OPS',
});

describe('Slack signatures at the gateway', () => {
  const now = () => Math.floor(Date.parse('2030-01-01T00:00:00.000Z') / 1000);
  const signed = (body: string, timestamp: number, secret = SIGNING_SECRET) => ({
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signSlackRequest({ signingSecret: secret, rawBody: body, timestamp }),
  });

  it.each([
    ['unsigned', { 'x-slack-signature': '', 'x-slack-request-timestamp': '' }],
    ['stale (301 s old)', signed(mentionBody, now() - 301)],
    ['future (301 s ahead)', signed(mentionBody, now() + 301)],
    ['signed with another secret', signed(mentionBody, now(), 'not-our-secret')],
    ['signed over another body', signed(`${mentionBody} `, now())],
    ['malformed', { 'x-slack-signature': 'v1=abc', 'x-slack-request-timestamp': 'soon' }],
  ])('refuses %s with 401, and nothing runs', async (_name, headers) => {
    // Prepare
    const gateway = gatewayHarness();
    for (const path of ['/slack/events', '/slack/interactivity']) {
      const body =
        path === '/slack/events' ? mentionBody : buttonClick('U_APPROVER', 'hitl_approve', {});
      // Act
      const response = await gateway.send(path, body, headers);
      // Assess
      expect(response.status).toBe(401);
    }
    expect(gateway.claims.keys.size).toBe(0);
    expect(gateway.slack.calls).toEqual([]);
    expect(gateway.executions.started).toEqual([]);
  });

  it('accepts a signature 299 s old', async () => {
    // Prepare
    const gateway = gatewayHarness();
    // Act
    const response = await gateway.send(
      '/slack/events',
      mentionBody,
      signed(mentionBody, now() - 299),
    );
    // Assess
    expect(response.status).toBe(200);
    expect(gateway.executions.started).toHaveLength(1);
  });
});

/** A small deterministic generator, so a failing case can be found again. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  return { next, pick };
}

const ODD_VALUES = [
  null,
  0,
  -1,
  1e308,
  '',
  ' ',
  'x'.repeat(5_000),
  [],
  {},
  true,
  '<!channel>',
  '\u0000',
  [1, 2],
  { a: { b: {} } },
];

describe('malformed Slack payloads, signed', () => {
  it('answer 4xx or 2xx, never 5xx: 500 fuzzed events and interactions', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const item = await gateway.pendingRequest();
    const random = generator(11);
    const eventShapes = [
      () => '{',
      () => 'null',
      () => JSON.stringify(random.pick(ODD_VALUES)),
      () => JSON.stringify({ type: random.pick(['event_callback', 'url_verification', 'x', 7]) }),
      () => JSON.stringify({ type: 'url_verification', challenge: random.pick(ODD_VALUES) }),
      () =>
        JSON.parse(
          JSON.stringify(
            eventEnvelope(
              {
                type: 'app_mention',
                user: random.pick(ODD_VALUES),
                text: random.pick(ODD_VALUES),
                ts: random.pick(ODD_VALUES),
                channel: random.pick(ODD_VALUES),
              },
              String(random.next()),
            ),
          ),
        ),
      () =>
        eventEnvelope(
          {
            type: 'app_mention',
            user: 'U_ALICE',
            text: random.pick(['', `<@${BOT_USER_ID}>`, 'x'.repeat(40_001)]),
            ts: '1893456000.000100',
            channel: 'C_OPS',
          },
          `Ev${random.next()}`,
        ),
      () =>
        eventEnvelope(
          {
            type: random.pick(['message', 'reaction_added', '']),
            subtype: random.pick(ODD_VALUES),
          },
          `Ev${random.next()}`,
        ),
    ];
    const interactionShapes = [
      () => 'payload=%7B',
      () => 'nothing=here',
      () => `payload=${encodeURIComponent(JSON.stringify(random.pick(ODD_VALUES)))}`,
      () =>
        interactionBody({
          type: random.pick(['block_actions', 'view_submission', 'shortcut']),
          user: random.pick(ODD_VALUES),
        }),
      () =>
        interactionBody({
          type: 'block_actions',
          user: { id: random.pick(['U_APPROVER', 'U_ALICE', 'U_STRANGER']) },
          actions: random.pick(ODD_VALUES),
          container: { channel_id: 'C_OPS' },
        }),
      () =>
        buttonClick(
          random.pick(['U_APPROVER', 'U_ALICE', 'U_STRANGER']),
          random.pick([
            'hitl_approve',
            'hitl_reject',
            'hitl_edit',
            'other',
            '',
            'constructor',
            '__proto__',
            'toString',
          ]),
          random.pick([
            { requestId: item.requestId },
            { requestId: random.pick(ODD_VALUES), callsDigest: 'x' },
            {},
          ]),
        ),
      () =>
        interactionBody({
          type: 'view_submission',
          user: { id: 'U_APPROVER' },
          view: random.pick(ODD_VALUES),
        }),
      () =>
        interactionBody({
          type: 'view_submission',
          user: { id: 'U_APPROVER' },
          view: {
            private_metadata: random.pick(['{', '', JSON.stringify({ requestId: item.requestId })]),
            blocks: [],
            state: { values: { calls: random.pick(ODD_VALUES) } },
          },
        }),
    ];
    const statuses: number[] = [];
    // Act
    for (let index = 0; index < 500; index += 1) {
      const events = index % 2 === 0;
      const shape = random.pick(events ? eventShapes : interactionShapes);
      const body = shape();
      const response = await gateway.send(
        events ? '/slack/events' : '/slack/interactivity',
        typeof body === 'string' ? body : JSON.stringify(body),
      );
      statuses.push(response.status);
    }
    // Assess
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 400).length).toBeGreaterThan(100);
  });
});
