import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY_SOURCES } from '@agentcore/policy';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOT_DIR, saveScreenshot } from '../support/browser.js';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

// The admin UI in a real browser (Debian's Chromium) against the whole local system: every page
// signed in as the identity it is for, each page's weight measured, screenshots saved.

let system: LocalSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];
const keys: Record<string, string> = {};
const weights: Record<string, { bytes: number; requests: number; urls: string[] }> = {};

// A TOTP seed planted for the test (RFC 4648 base32), so it can compute every code it yields.
const PLANTED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function totpCodes(fromMs: number, toMs: number): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...PLANTED].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const codes: string[] = [];
  for (let at = fromMs - 30_000; at <= toMs + 30_000; at += 15_000) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
    const mac = createHmac('sha1', key).update(counter).digest();
    const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
    codes.push(String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0'));
  }
  return codes;
}

const reset = (email: string) => ({ tool: 'ops__reset_2fa', arguments: { email } });

// A draft that never lets reset_2fa run: replayed, it changes the earlier reset requests.
const NO_RESETS = {
  name: 'no-resets.cedar',
  text: `@id("admin-ui.no-resets")
@outcome("deny")
@reason("resets are frozen")
forbid (principal, action == Action::"ops__reset_2fa", resource);
`,
};

// An attribute the context does not have, on line 4.
const BROKEN = `@id("broken")
@outcome("deny")
forbid (principal, action == Action::"ops__lookup_user", resource)
when { context.noSuchThing > 1 };
`;

// Argument-keyed: editing a call's email to a VIP address makes policy deny it.
const VIP_DENIED = {
  name: 'vip.cedar',
  text: `@id("admin-ui.vip")
@outcome("deny")
@reason("VIP accounts are never reset from a request")
forbid (principal, action == Action::"ops__reset_2fa", resource)
when { resource.hasTag("email") && resource.getTag("email") like "*@vip.example.com" };
`,
};

beforeAll(async () => {
  // No policies handed in: the set comes from the config store, which the policy page edits.
  system = await startLocalSystem({
    policies: undefined,
    env: { TOTP_SECRET_PLANTED: PLANTED },
  });
  const issue = async (
    name: string,
    userId: string,
    roles: ('requester' | 'approver' | 'admin')[],
  ) => {
    keys[name] = (await system.runtime.issueApiKey({ userId, displayName: userId, roles })).key;
  };
  await issue('alice', 'U_ALICE', ['requester']);
  await issue('carol', 'U_CAROL', ['requester']);
  await issue('approver', 'U_APPROVER', ['approver']);
  await issue('admin', 'U_ADMIN', ['admin']);
  const activated = await system.api(
    'POST',
    '/config/policies',
    { sources: [...DEFAULT_POLICY_SOURCES, VIP_DENIED] },
    'admin',
  );
  expect(activated.status, JSON.stringify(activated.body)).toBe(201);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  mkdirSync(join(SCREENSHOT_DIR, 'admin'), { recursive: true });
  writeFileSync(
    join(SCREENSHOT_DIR, 'admin', 'page-weights.json'),
    `${JSON.stringify(weights, null, 2)}\n`,
  );
  await browser?.close();
  await system?.stop();
});

const url = (path: string) => `${system.runtime.apiUrl}${path}`;

/** A fresh browser profile signed in with `who`'s key through the login form. */
async function signedIn(who: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url('/admin/'));
  expect(new URL(page.url()).pathname).toBe('/admin/login');
  await page.fill('input[name=key]', keys[who] ?? '');
  await Promise.all([
    page.waitForURL(/\/admin\/(approvals|requests)$/),
    page.click('button[type=submit]'),
  ]);
  await page.waitForLoadState('load');
  return page;
}

/** Opens `path` and records what it cost: bytes over the wire and requests made. */
async function visit(page: Page, path: string, name: string): Promise<void> {
  let bytes = 0;
  let requests = 0;
  const urls: string[] = [];
  const pending: Promise<void>[] = [];
  const onFinished = (request: import('playwright-core').Request) => {
    requests += 1;
    urls.push(new URL(request.url()).pathname);
    pending.push(
      request.sizes().then((sizes) => {
        bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      }),
    );
  };
  page.on('requestfinished', onFinished);
  await page.goto(url(path), { waitUntil: 'load' });
  await Promise.all(pending);
  page.off('requestfinished', onFinished);
  weights[name] = { bytes, requests, urls };
  await saveScreenshot(page, 'admin', name);
}

async function pendingReset(email: string): Promise<string> {
  const submitted = await system.submit({ toolCalls: [reset(email)] }, 'requester');
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const requestId = submitted.body.requestId as string;
  await system.waitFor(requestId, 'pending');
  return requestId;
}

describe('signing in', () => {
  it('sends an unauthenticated visit to the login page, and refuses a wrong key', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await visit(page, '/admin/policies', 'login');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/policies');
    await page.fill('input[name=key]', `hitl_${'0'.repeat(16)}_${'A'.repeat(43)}`);
    await page.click('button[type=submit]');
    expect(await page.textContent('.flash')).toContain('not valid');
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'admin_session')).toBeUndefined();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and a nonce-only CSP', async () => {
    const page = await signedIn('approver');
    const session = (await page.context().cookies()).find((c) => c.name === 'admin_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    const answer = await page.request.get(url('/admin/approvals'));
    const csp = answer.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).not.toContain('unsafe-inline');
  });
});

describe('approvals', () => {
  it('approves from the UI and the request completes', async () => {
    const requestId = await pendingReset('ui-approve@example.com');
    const page = await signedIn('approver');
    await visit(page, '/admin/approvals', 'approvals');
    const row = page.locator(`tr[data-request="${requestId}"]`);
    await expect(row.textContent()).resolves.toContain('ui-approve@example.com');
    await row.locator('button[value=approved]').click();
    expect(await page.textContent('.flash')).toContain('approval is recorded');
    await system.waitFor(requestId, 'completed');
    await visit(page, `/admin/requests/${requestId}`, 'request');
    expect(await page.textContent('.tag')).toBe('completed');
    expect(system.ops.callsOf('reset_2fa', 'ui-approve@example.com')).toHaveLength(1);
  });

  it('edits the arguments, and policy decides the edited call again', async () => {
    const requestId = await pendingReset('ui-edit@example.com');
    const page = await signedIn('approver');
    await page.goto(url(`/admin/requests/${requestId}`));
    await page.fill('textarea[name=args_0]', '{"email":"ceo@vip.example.com"}');
    await page.click('#edit button[type=submit]');
    expect(await page.textContent('.flash')).toContain('Policy denied the edited calls');
    const denied = await system.waitFor(requestId, 'denied');
    expect(denied.action.toolCalls?.[0]?.arguments).toEqual({ email: 'ceo@vip.example.com' });
    expect(denied.policy?.policyIds).toContain('admin-ui.vip');
    const admin = await signedIn('admin');
    await admin.goto(url(`/admin/requests/${requestId}`));
    expect(await admin.textContent('body')).toContain('admin-ui.vip');
    expect(system.ops.callsOf('reset_2fa', 'ceo@vip.example.com')).toHaveLength(0);
  });

  it('exports the list as CSV', async () => {
    const page = await signedIn('approver');
    const answer = await page.request.get(url('/admin/approvals?status=all&format=csv'));
    expect(answer.headers()['content-type']).toContain('text/csv');
    expect(await answer.text()).toMatch(/^requestId,status,/);
  });

  it('refuses a forged decision without the CSRF token or with a wrong one, takes the page’s', async () => {
    const requestId = await pendingReset('ui-forged@example.com');
    const page = await signedIn('approver');
    const forged: Record<string, string>[] = [
      { verdict: 'approved' },
      { verdict: 'approved', _csrf: 'x'.repeat(43) },
    ];
    for (const form of forged) {
      const answer = await page.request.post(url(`/admin/requests/${requestId}/decision`), {
        form,
      });
      expect(answer.status()).toBe(403);
    }
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('pending');
    // The same decision from the page itself (its token) is taken: here, a rejection.
    await page.goto(url('/admin/approvals'));
    const row = page.locator(`tr[data-request="${requestId}"]`);
    await row.locator('input[name=comment]').fill('not today');
    await row.locator('button[value=rejected]').click();
    expect(await page.textContent('.flash')).toContain('rejection is recorded');
    const rejected = await system.waitFor(requestId, 'rejected');
    expect(rejected.decision).toMatchObject({ approver: 'U_APPROVER', comment: 'not today' });
  });
});

describe('requests', () => {
  it('follows a pending request live, and shows its outcome when it ends', async () => {
    const requestId = await pendingReset('ui-live@example.com');
    const page = await signedIn('approver');
    await page.goto(url(`/admin/requests/${requestId}`));
    expect(await page.locator('#live').count()).toBe(1);
    // Decided elsewhere (the other approver, over the API): the page hears it over SSE.
    const decided = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver2',
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await page.locator('.tag', { hasText: /^completed$/ }).waitFor();
    expect(await page.locator('#live').count()).toBe(0);
  });

  it('never shows a sensitive output, to the requester or an admin', async () => {
    const started = Date.now();
    const submitted = await system.submit(
      { toolCalls: [{ tool: 'totp__get_totp_code', arguments: { secret_name: 'planted' } }] },
      'requester',
    );
    const requestId = submitted.body.requestId as string;
    await system.waitFor(requestId, 'pending');
    const approved = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver',
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await system.waitFor(requestId, 'completed');
    const codes = totpCodes(started, Date.now());
    for (const who of ['alice', 'admin']) {
      const page = await signedIn(who);
      await page.goto(url(`/admin/requests/${requestId}`));
      const body = (await page.content()) ?? '';
      expect(body).toContain('sensitive output');
      expect(codes.filter((code) => new RegExp(`(?<![0-9])${code}(?![0-9])`).test(body))).toEqual(
        [],
      );
    }
  });

  it("keeps a requester out of another person's request", async () => {
    const requestId = await pendingReset('ui-private@example.com');
    const page = await signedIn('carol');
    const answer = await page.goto(url(`/admin/requests/${requestId}`));
    expect(answer?.status()).toBe(403);
    expect(await page.textContent('body')).not.toContain('ui-private@example.com');
    const approvals = await page.goto(url('/admin/approvals'));
    expect(approvals?.status()).toBe(403);
    const events = await page.request.get(url(`/admin/requests/${requestId}/events`));
    expect(events.status()).toBe(403);
    await visit(page, '/admin/requests', 'requests-carol');
    expect(await page.textContent('body')).not.toContain('ui-private@example.com');
  });

  it("lets a session do no more than its key's role", async () => {
    const page = await signedIn('approver');
    const csrf = (await page.getAttribute('input[name=_csrf]', 'value')) ?? '';
    expect(csrf).not.toBe('');
    for (const path of ['/admin/servers', '/admin/policies', '/admin/analytics', '/admin/audit']) {
      expect((await page.request.get(url(path))).status(), path).toBe(403);
    }
    const activate = await page.request.post(url('/admin/policies'), {
      form: { _csrf: csrf, op: 'activate', name_0: 'x.cedar', text_0: NO_RESETS.text },
    });
    expect(activate.status()).toBe(403);
    const before = await system.api('GET', '/config/policies', undefined, 'admin');
    expect(JSON.stringify(before.body)).not.toContain('admin-ui.no-resets');
  });
});

describe('policies', () => {
  it('shows an invalid policy error at its line and leaves the active set unchanged', async () => {
    const before = await system.api('GET', '/config/policies', undefined, 'admin');
    const page = await signedIn('admin');
    await visit(page, '/admin/policies', 'policies');
    await page.fill('input[name=name_new]', 'broken.cedar');
    await page.fill('textarea[name=text_new]', BROKEN);
    await page.click('button[value=activate]');
    const bad = page.locator('ol[data-source="broken.cedar"] li.bad');
    expect(await bad.getAttribute('data-line')).toBe('4');
    expect(await bad.textContent()).toContain('noSuchThing');
    await saveScreenshot(page, 'admin', 'policies-invalid');
    const after = await system.api('GET', '/config/policies', undefined, 'admin');
    expect(after.body.version).toBe(before.body.version);
  });

  it('replays a draft against recent requests and shows the decisions it would change', async () => {
    const earlier = await pendingReset('ui-replay@example.com');
    const page = await signedIn('admin');
    await page.goto(url('/admin/policies'));
    await page.fill('input[name=name_new]', NO_RESETS.name);
    await page.fill('textarea[name=text_new]', NO_RESETS.text);
    await page.click('button[value=replay]');
    const changed = page.locator(`#replay tr[data-changed="${earlier}"]`);
    expect(await changed.textContent()).toContain('deny');
    await saveScreenshot(page, 'admin', 'policies-replay');
  });
});

describe('MCP servers', () => {
  it('adds a server and lists its tools with annotations and policy', async () => {
    const page = await signedIn('admin');
    await visit(page, '/admin/servers', 'servers');
    await page.fill('input[name=alias]', 'ops2');
    await page.selectOption('select[name=kind]', 'builtin');
    await page.fill('input[name=target]', 'ops');
    await page.click('form[action="/admin/servers/new"] button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/admin/servers/ops2');
    const lookup = page.locator('tr[data-tool="ops2__lookup_user"]');
    expect(await lookup.textContent()).toContain('readOnlyHint');
    expect(await lookup.textContent()).toContain('allow');
    expect(await page.locator('tr[data-tool="ops2__reset_2fa"]').textContent()).toContain(
      'require_approval',
    );
    await visit(page, '/admin/servers/ops2', 'server-tools');
  });

  it('keeps environment values write-only, and says when a server cannot be reached', async () => {
    const page = await signedIn('admin');
    await page.goto(url('/admin/servers'));
    await page.fill('input[name=alias]', 'broken');
    await page.selectOption('select[name=kind]', 'command');
    await page.fill('input[name=target]', '/bin/false');
    await page.fill(
      'form[action="/admin/servers/new"] textarea[name=env]',
      'API_TOKEN=hunter2-secret',
    );
    await page.click('form[action="/admin/servers/new"] button[type=submit]');
    expect(await page.textContent('#connection')).toContain('Connection failed');
    await page.goto(url('/admin/servers'));
    const row = page.locator('tr[data-server="broken"]');
    expect(await row.textContent()).toContain('API_TOKEN');
    expect(await page.content()).not.toContain('hunter2-secret');
    await saveScreenshot(page, 'admin', 'servers-secret');
  });
});

describe('analytics and audit', () => {
  it('renders analytics with the requests so far, as charts and tables', async () => {
    const page = await signedIn('admin');
    await visit(page, '/admin/analytics', 'analytics');
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(4);
    expect(await page.textContent('#approvers')).toContain('U_APPROVER');
    expect(await page.textContent('body')).toContain('U_ALICE');
  });

  it('shows the chain verified and exports events', async () => {
    const page = await signedIn('admin');
    await visit(page, '/admin/audit', 'audit');
    expect(await page.textContent('#verification')).toContain('Chain verified');
    const csv = await page.request.get(url('/admin/audit/export?format=csv'));
    expect(await csv.text()).toMatch(/^streamId,seq,at,type,actor,data/);
  });
});
