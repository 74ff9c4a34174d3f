import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot } from '../support/browser.js';
import { saveLocalDirectory } from '../support/local-slack.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startLocalSystem();
  await saveLocalDirectory(system);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** Waits (bounded) for the page to show `selector`; the page redraws as the workspace changes. */
const shown = (page: Page, selector: string) =>
  page.locator(selector).first().waitFor({ state: 'visible', timeout: 30_000 });

describe('the local Slack page in a real browser', () => {
  it('Alice mentions the bot, sees the card with the exact call; Ana approves; the result is in the thread', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(system.runtime.slack.pageUrl);
    await page.getByTestId('identity-select').selectOption('U_ALICE');
    await page.getByTestId('channel-select').selectOption('C_OPS');

    // Act: ask
    await page.getByTestId('composer').fill('@agentcore reset 2FA for bob@example.com');
    await page.getByTestId('send').click();
    const approve = '[data-testid="block-button"][data-action-id="hitl_approve"]';
    await shown(page, approve);
    const card = page.getByTestId('message').filter({ has: page.locator(approve) });
    const cardText = (await card.textContent()) ?? '';
    await saveScreenshot(page, 'slack', '1-card-as-requester');

    // Act: approve as Ana
    await page.getByTestId('identity-select').selectOption('U_APPROVER');
    await shown(page, approve);
    await page.locator(approve).first().click();
    const [requestId] = cardText.match(/[0-9A-HJKMNP-TV-Z]{26}/) ?? [];
    const done = await system.waitFor(requestId as string, 'completed');
    // The placeholder, last of all, says how it ended once the results are in the thread.
    await page.getByText('the result follows in this thread').first().waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'slack', '2-approved-result-in-thread');

    // Assess
    expect(cardText).toContain('bob@example.com');
    expect(cardText).toMatch(/google_admin\/reset_2fa|reset_2fa/);
    expect(done.requester.userId).toBe('U_ALICE');
    expect(done.decision?.approver).toBe('U_APPROVER');
    expect(await page.locator(approve).count()).toBe(0);
    const thread = await page
      .locator('.thread')
      .filter({ hasText: 'reset 2FA for bob@example.com' })
      .textContent();
    expect(thread).toContain('Done: request');
    expect(thread).not.toContain('is waiting for approval');
    expect(system.runtime.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
    await page.close();
  });

  it('Ana edits the call in the dialog: bad JSON is shown beside the input, good JSON amends the card', async () => {
    // Prepare: Alice asks
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(system.runtime.slack.pageUrl);
    await page.getByTestId('identity-select').selectOption('U_ALICE');
    await page.getByTestId('channel-select').selectOption('C_OPS');
    await page.getByTestId('composer').fill('@agentcore reset 2FA for carol@example.com');
    await page.getByTestId('send').click();
    const thread = page.locator('.thread').filter({ hasText: 'reset 2FA for carol@example.com' });
    const edit = thread.locator('[data-testid="block-button"][data-action-id="hitl_edit"]');
    await edit.waitFor({ state: 'visible', timeout: 30_000 });

    // Act: Ana opens the dialog, first with JSON that does not parse, then with a new email
    await page.getByTestId('identity-select').selectOption('U_APPROVER');
    await edit.waitFor({ state: 'visible', timeout: 30_000 });
    await edit.click();
    const modal = page.getByTestId('modal');
    await modal.waitFor({ state: 'visible', timeout: 30_000 });
    const field = modal.locator('[data-block-id="call_0"]');
    await field.fill('{"email": ');
    await page.getByTestId('modal-submit').click();
    await page.getByTestId('modal-error').waitFor({ state: 'visible', timeout: 30_000 });
    await saveScreenshot(page, 'slack', '3-edit-invalid-json');
    await field.fill('{"email": "dan@example.com"}');
    await page.getByTestId('modal-submit').click();
    await modal.waitFor({ state: 'detached', timeout: 30_000 });
    await thread.getByText('edited the proposed calls').waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'slack', '4-edited-card');

    // Assess
    const text = (await thread.textContent()) ?? '';
    expect(text).toContain('dan@example.com');
    const [requestId] = text.match(/[0-9A-HJKMNP-TV-Z]{26}/) ?? [];
    const edited = await system.runtime.stores.approvals.get(requestId as string);
    expect(edited?.status).toBe('pending');
    expect(edited?.action.toolCalls?.[0]?.arguments).toEqual({ email: 'dan@example.com' });
    expect(edited?.votes).toEqual([]);
    await page.close();
  });

  it('installs the app as Slack does: the consent screen, Allow, back to the gateway, installed', async () => {
    // Prepare
    const page = await browser.newPage();
    // Act
    await page.goto(`${system.runtime.slack.gatewayUrl}/slack/install`);
    await page.getByTestId('oauth-allow').waitFor({ state: 'visible', timeout: 30_000 });
    await saveScreenshot(page, 'slack', '5-install-consent');
    await page.getByTestId('oauth-allow').click();
    await page.getByText('Slack app installed').waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'slack', '6-installed');
    // Assess
    expect(new URL(page.url()).pathname).toBe('/slack/oauth/callback');
    expect(new URL(page.url()).origin).toBe(system.runtime.slack.gatewayUrl);
    await page.close();
  });
});
