import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ApprovalItem, ApprovalItemSchema, approvedDigestOf } from '@agentcore/core';
import {
  approvalCard,
  createSlackClient,
  editCallsModal,
  readCardButtonValue,
  readEditSubmission,
  resultMessages,
  SLACK_ACTIONS,
  verifySlackRequest,
} from '@agentcore/slack';
import { type SlackStandIn, startSlackStandIn } from '@agentcore/stand-ins';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOT_DIR, saveScreenshot } from '../support/browser.js';

// The local Slack page in a real browser (Debian's Chromium): a person mentions the bot, and a
// small app behind a recording gateway, built from packages/slack alone, answers as ours will:
// it verifies every request with our verifier, posts the approval card in the thread, opens the
// Edit dialog and reads its submission. No workflow runs here; the gateway service does that.

const SECRET = 'page-test-signing-secret';
const TOKEN = 'xoxb-page-test';

interface Heard {
  kind: string;
  verified: boolean;
  payload: Record<string, unknown>;
}

function requestFor(text: string, threadTs: string): ApprovalItem {
  const action = {
    requester: { userId: 'U_ALICE', groups: [] },
    origin: { source: 'slack' as const, channelId: 'C_OPS', threadTs },
    query: text,
    summary: 'Reset 2-Step Verification for bob@example.com',
    category: 'user_account_access' as const,
    environment: 'dev',
    intendedTools: ['google_admin__reset_2fa'],
    toolCalls: [
      {
        tool: 'google_admin__reset_2fa',
        arguments: { user_email: 'bob@example.com' },
        description: 'Turn off 2-Step Verification for bob@example.com',
      },
    ],
  };
  const now = new Date().toISOString();
  return ApprovalItemSchema.parse({
    requestId: '01KB0000000000000000000001',
    status: 'pending',
    version: 2,
    createdAt: now,
    updatedAt: now,
    requester: action.requester,
    action,
    policy: {
      outcome: 'require_approval',
      reason: 'Account changes need an approver',
      policyIds: ['accounts'],
    },
    intendedTools: action.intendedTools,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

/** The app behind the gateway URL: verifies, records, and answers with packages/slack. */
async function startRecordingGateway(slack: () => SlackStandIn) {
  const heard: Heard[] = [];
  let item: ApprovalItem | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        const verified = verifySlackRequest({
          signingSecret: SECRET,
          rawBody,
          timestamp: header('x-slack-request-timestamp'),
          signature: header('x-slack-signature'),
          now: new Date(),
        });
        const payload = (
          request.url === '/slack/events'
            ? JSON.parse(rawBody)
            : JSON.parse(new URLSearchParams(rawBody).get('payload') ?? '{}')
        ) as Record<string, unknown>;
        const event = payload.event as Record<string, string> | undefined;
        heard.push({ kind: String(event?.type ?? payload.type), verified: verified.ok, payload });
        if (!verified.ok) {
          response.writeHead(401).end();
          return;
        }
        const client = createSlackClient({ token: TOKEN, slackApiUrl: slack().apiUrl });
        response.writeHead(200, { 'content-type': 'application/json' });
        if (event?.type === 'app_mention') {
          response.end();
          item = requestFor(event.text ?? '', event.ts ?? '');
          const card = approvalCard(item, { now: new Date() });
          await client.postMessage({ channel: event.channel ?? '', thread_ts: event.ts, ...card });
          return;
        }
        if (event?.type === 'message' && event.thread_ts) {
          response.end();
          await client.postEphemeral({
            channel: event.channel ?? '',
            user: event.user ?? '',
            thread_ts: event.thread_ts,
            text: 'Only you can see this',
          });
          return;
        }
        if (payload.type === 'block_actions' && item) {
          response.end();
          const [action] = payload.actions as Array<{ action_id: string; value: string }>;
          if (action?.action_id === SLACK_ACTIONS.edit && readCardButtonValue(action.value)) {
            await client.openView({
              trigger_id: String(payload.trigger_id),
              view: editCallsModal(item),
            });
          }
          return;
        }
        if (payload.type === 'view_submission') {
          const read = readEditSubmission(payload.view);
          response.end(
            'errors' in read
              ? JSON.stringify({ response_action: 'errors', errors: read.errors })
              : '',
          );
          return;
        }
        response.end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heard,
    item: () => item,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let slack: SlackStandIn;
let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  gateway = await startRecordingGateway(() => slack);
  slack = await startSlackStandIn({
    signingSecret: SECRET,
    gatewayUrl: gateway.url,
    botToken: TOKEN,
    botUserId: 'U_BOT',
    people: [
      { userId: 'U_ALICE', displayName: 'Alice' },
      { userId: 'U_APPROVER', displayName: 'Approver' },
    ],
    channels: ['general', 'ops'],
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(slack.pageUrl);
});

afterAll(async () => {
  await browser?.close();
  await slack?.close();
  await gateway?.close();
});

describe('the local Slack page', () => {
  it('posts a mention as Alice and the gateway receives a verified app_mention', async () => {
    // Prepare
    await page.getByTestId('identity-select').selectOption('U_ALICE');
    await page.getByTestId('channel-select').selectOption('C_OPS');

    // Act
    await page.getByTestId('composer').fill('@bot please reset 2FA for <bob@example.com>');
    await page.getByTestId('send').click();

    // Assess: the card the app posted in the thread shows the exact call and the buttons.
    await page.getByTestId('block-button').first().waitFor();
    const mention = gateway.heard.find((h) => h.kind === 'app_mention');
    expect(mention?.verified).toBe(true);
    expect(mention?.payload.event).toMatchObject({
      text: '<@U_BOT> please reset 2FA for &lt;bob@example.com&gt;',
    });
    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count()).toBe(2);
    expect(await messages.nth(1).textContent()).toContain('"user_email": "bob@example.com"');
    expect(
      await page
        .getByTestId('block-button')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-action-id'))),
    ).toEqual([SLACK_ACTIONS.approve, SLACK_ACTIONS.edit, SLACK_ACTIONS.reject]);
    await saveScreenshot(page, 'slack-page', '1-card-in-thread');
  });

  it('presses Approve as the approver: a verified block_actions naming the presser and the digest', async () => {
    // Prepare
    await page.getByTestId('identity-select').selectOption('U_APPROVER');

    // Act
    await page.locator(`[data-action-id="${SLACK_ACTIONS.approve}"]`).click();

    // Assess
    await expect.poll(() => gateway.heard.filter((h) => h.kind === 'block_actions').length).toBe(1);
    const press = gateway.heard.find((h) => h.kind === 'block_actions');
    expect(press?.verified).toBe(true);
    expect(press?.payload.user).toMatchObject({ id: 'U_APPROVER' });
    const [action] = (press?.payload.actions ?? []) as Array<{ value: string }>;
    const item = gateway.item();
    expect(readCardButtonValue(action?.value)).toEqual({
      requestId: item?.requestId,
      callsDigest: item && approvedDigestOf(item),
    });
  });

  it('opens the Edit dialog, shows invalid JSON as an error, then submits valid arguments', async () => {
    // Act: Edit opens the modal the app asked for with the press's trigger.
    await page.locator(`[data-action-id="${SLACK_ACTIONS.edit}"]`).click();
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    const input = modal.locator('textarea');
    expect(JSON.parse(await input.inputValue())).toEqual({ user_email: 'bob@example.com' });
    await input.fill('{"user_email": ');
    await page.getByTestId('modal-submit').click();
    await page.getByTestId('modal-error').waitFor();
    await saveScreenshot(page, 'slack-page', '2-edit-dialog-error');
    await input.fill('{"user_email": "robert@example.com"}');
    await page.getByTestId('modal-submit').click();

    // Assess
    await modal.waitFor({ state: 'detached' });
    const submissions = gateway.heard.filter((h) => h.kind === 'view_submission');
    expect(submissions.map((s) => s.verified)).toEqual([true, true]);
    expect(readEditSubmission(submissions[1]?.payload.view)).toMatchObject({
      calls: [{ index: 0, arguments: { user_email: 'robert@example.com' } }],
    });
  });

  it('posts a 100 000-character result as threaded pages the local Slack accepts, pinging nobody', async () => {
    // Prepare: a finished request whose output is at the size limit and carries mentions and links.
    const pending = gateway.item();
    if (!pending) throw new Error('the card test must run first');
    const hostile = 'Done <!channel> see <https://evil.example|click> <@U_APPROVER>. ';
    const output = hostile.repeat(Math.ceil(100_000 / hostile.length)).slice(0, 100_000);
    const finished = ApprovalItemSchema.parse({
      ...pending,
      status: 'completed',
      result: {
        outcome: 'completed',
        output,
        toolCalls: [{ tool: 'google_admin__reset_2fa', arguments: {}, ok: true, output }],
        startedAt: pending.createdAt,
        finishedAt: pending.createdAt,
      },
    });
    const client = createSlackClient({ token: TOKEN, slackApiUrl: slack.apiUrl });
    const threadTs = pending.action.origin.threadTs ?? '';

    // Act: the client throws on any refusal (invalid_blocks, msg_too_long, …).
    const pages = resultMessages(finished);
    for (const message of pages)
      await client.postMessage({ channel: 'C_OPS', thread_ts: threadTs, ...message });

    // Assess
    expect(pages.length).toBeGreaterThan(5);
    const replies = slack.state.messages.filter((m) => m.thread_ts === threadTs && m.bot_id);
    const stored = JSON.stringify(replies.slice(-pages.length));
    expect(stored).not.toMatch(/<!channel>|<https:\/\/evil|<@U_APPROVER>/);
    await expect.poll(() => page.getByTestId('message').count()).toBe(2 + pages.length);
    expect(await page.locator('.mention').allTextContents()).not.toContain('@channel');
    // The viewport only: a full-page picture of 100 000 characters is megabytes and seconds.
    await page.getByTestId('message').nth(2).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'slack-page', '3-paginated-result.png') });
  });

  it('replies in the thread as Alice: a message event in that thread, and an ephemeral only she sees', async () => {
    // Prepare
    await page.getByTestId('identity-select').selectOption('U_ALICE');
    const parent = page.getByTestId('message').first();
    const threadTs = await parent.getAttribute('data-ts');

    // Act
    await parent.getByTestId('thread-reply').click();
    await page.getByTestId('composer').fill('thanks!');
    await page.getByTestId('send').click();

    // Assess
    await page.getByTestId('ephemeral').waitFor();
    const reply = gateway.heard.find((h) => h.kind === 'message');
    expect(reply?.verified).toBe(true);
    expect(reply?.payload.event).toMatchObject({
      type: 'message',
      user: 'U_ALICE',
      text: 'thanks!',
      thread_ts: threadTs,
    });
    expect(await page.getByTestId('ephemeral').textContent()).toContain('Only you can see this');
    await page.getByTestId('identity-select').selectOption('U_APPROVER');
    await expect.poll(() => page.getByTestId('ephemeral').count()).toBe(0);
  });
});
