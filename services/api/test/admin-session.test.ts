import type { PeopleDirectory } from '@agentcore/adapters';
import type { StoredApiKey } from '@agentcore/store';
import { ManualClock } from '@agentcore/workflow/testing';
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { authRoutes, logoutRoute, needRole, requireSession } from '../src/admin/auth.js';
import type { AdminDeps, AdminEnv } from '../src/admin/deps.js';
import { csrfTokenOf, safeNext } from '../src/admin/security.js';
import { InMemoryAdminSessionStore, sessionHashOf } from '../src/admin/session-store.js';
import { generateApiKey } from '../src/api-keys.js';
import {
  type ApiKeyLookup,
  apiKeyAuthentication,
  authorizerAuthentication,
} from '../src/authentication.js';
import { mapError } from '../src/http-errors.js';

// The admin UI's sign-in, session and CSRF rules, through the real middleware and the real API
// key check, with the session store and key store in memory (the ports' fakes).

const directory: PeopleDirectory = {
  person: async () => undefined,
  groupsOf: async (userId) => (userId === 'U_ANA' ? ['approvers'] : []),
};

class KeysInMemory implements ApiKeyLookup {
  readonly keys = new Map<string, StoredApiKey>();
  add(userId: string, roles: StoredApiKey['roles']): { token: string; keyId: string } {
    const { keyId, token, secretHash } = generateApiKey();
    this.keys.set(keyId, {
      keyId,
      secretHash,
      userId,
      displayName: userId,
      roles,
      createdAt: '2030-01-01T00:00:00.000Z',
      createdBy: 'U_ADMIN',
    });
    return { token, keyId };
  }
  async get(keyId: string) {
    return this.keys.get(keyId);
  }
  async touch() {}
}

let clock: ManualClock;
let keys: KeysInMemory;
let sessions: InMemoryAdminSessionStore;
let app: Hono;

/** The admin middleware and login on a bare app, with `authenticate` as the edge's check. */
function adminOn(authenticate: AdminDeps['authenticate']): Hono {
  const deps = {
    admin: { sessions, keys, sessionSeconds: 3600 },
    authenticate,
    clock: clock.now,
    directory,
  } as unknown as AdminDeps;
  const admin = new Hono<AdminEnv>();
  admin.use(async (c, next) => {
    c.set('nonce', 'test-nonce');
    await next();
  });
  admin.onError((error, c) => {
    const mapped = mapError(error, 'r');
    return c.json(mapped.body, mapped.status);
  });
  authRoutes(admin, deps);
  admin.use(requireSession(deps));
  logoutRoute(admin, deps);
  admin.get('/who', (c) => c.text(c.get('principal').roles.join(',')));
  admin.get('/admin-only', (c) => {
    needRole(c.get('principal'), 'admin');
    return c.text('ok');
  });
  admin.post('/act', (c) => c.text('done'));
  return new Hono().route('/admin', admin);
}

beforeEach(() => {
  clock = new ManualClock('2030-01-01T00:00:00.000Z');
  keys = new KeysInMemory();
  sessions = new InMemoryAdminSessionStore();
  app = adminOn(apiKeyAuthentication({ keys, directory, clock: clock.now }));
});

function cookiesOf(response: Response): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = (pair ?? '').indexOf('=');
    jar[(pair ?? '').slice(0, at)] = (pair ?? '').slice(at + 1);
  }
  return jar;
}

/** Signs in through the login form as a browser would; returns the cookie header and raw lines. */
async function signIn(token: string, origin = 'http://127.0.0.1:8080') {
  const form = await app.request(`${origin}/admin/login`);
  const loginCookies = cookiesOf(form);
  const [name, csrf] = Object.entries(loginCookies)[0] ?? ['', ''];
  const answer = await app.request(`${origin}/admin/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `${name}=${csrf}`,
    },
    body: new URLSearchParams({ key: token, _csrf: csrf }).toString(),
  });
  const session = Object.entries(cookiesOf(answer)).find(([cookie]) =>
    cookie.includes('admin_session'),
  );
  return {
    answer,
    lines: answer.headers.getSetCookie(),
    cookie: session ? `${session[0]}=${session[1]}` : '',
    token: session?.[1] ?? '',
  };
}

describe('signing in to the admin UI', () => {
  it('over https: a __Host- cookie, Secure, HttpOnly, SameSite=Strict; only its hash is stored', async () => {
    // Prepare
    const { token } = keys.add('U_ANA', ['approver']);
    // Act
    const signed = await signIn(token, 'https://admin.example.com');
    // Assess
    expect(signed.answer.status).toBe(303);
    expect(signed.answer.headers.get('location')).toBe('/admin/approvals');
    const line = signed.lines.find((each) => each.startsWith('__Host-admin_session=')) ?? '';
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).toMatch(/; Path=\//);
    const [stored] = [...sessions.sessions.values()];
    expect(stored?.sessionHash).toBe(sessionHashOf(signed.token));
    expect(JSON.stringify(stored)).not.toContain(signed.token);
  });

  it('refuses plain http anywhere but loopback', async () => {
    const { token } = keys.add('U_ANA', ['approver']);
    const signed = await signIn(token, 'http://admin.example.com');
    expect(signed.answer.status).toBe(400);
    expect(sessions.sessions.size).toBe(0);
  });

  it('refuses a login form sent without its CSRF cookie (login CSRF)', async () => {
    const { token } = keys.add('U_ANA', ['approver']);
    const answer = await app.request('http://127.0.0.1/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: token, _csrf: 'a'.repeat(43) }).toString(),
    });
    expect(answer.status).toBe(403);
    expect(sessions.sessions.size).toBe(0);
  });

  it('refuses a wrong key, and makes no session', async () => {
    keys.add('U_ANA', ['approver']);
    const { token: other } = keys.add('U_BOB', ['admin']);
    const wrong = `${other.slice(0, -4)}AAAA`;
    const signed = await signIn(wrong);
    expect(signed.answer.status).toBe(401);
    expect(sessions.sessions.size).toBe(0);
  });
});

describe('a session', () => {
  it('sends a visit without one to the login page', async () => {
    const answer = await app.request('http://127.0.0.1/admin/who');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fwho');
  });

  it('ends at its expiry', async () => {
    const { token } = keys.add('U_ANA', ['approver']);
    const { cookie } = await signIn(token);
    const headers = { cookie };
    expect((await app.request('http://127.0.0.1/admin/who', { headers })).status).toBe(200);
    clock.advance(3600 * 1000);
    expect((await app.request('http://127.0.0.1/admin/who', { headers })).status).toBe(303);
  });

  it('ends when its key is revoked, and follows the key when its roles shrink', async () => {
    const { token, keyId } = keys.add('U_ANA', ['admin']);
    const { cookie } = await signIn(token);
    const headers = { cookie };
    expect((await app.request('http://127.0.0.1/admin/admin-only', { headers })).status).toBe(200);
    const key = keys.keys.get(keyId) as StoredApiKey;
    keys.keys.set(keyId, { ...key, roles: ['requester'] });
    expect((await app.request('http://127.0.0.1/admin/admin-only', { headers })).status).toBe(403);
    keys.keys.set(keyId, { ...key, revokedAt: '2030-01-01T00:00:01.000Z' });
    expect((await app.request('http://127.0.0.1/admin/who', { headers })).status).toBe(303);
  });

  it('refuses a POST without its CSRF token, or with another session’s', async () => {
    const mine = await signIn(keys.add('U_ANA', ['approver']).token);
    const theirs = await signIn(keys.add('U_BOB', ['approver']).token);
    const post = (cookie: string, csrf?: string) =>
      app.request('http://127.0.0.1/admin/act', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(csrf ? { _csrf: csrf } : {}).toString(),
      });
    expect((await post(mine.cookie)).status).toBe(403);
    expect((await post(mine.cookie, csrfTokenOf(theirs.token))).status).toBe(403);
    expect((await post(mine.cookie, csrfTokenOf(mine.token))).status).toBe(200);
  });

  it('refuses a form over 256 KiB, even one that declares no length', async () => {
    const signed = await signIn(keys.add('U_ANA', ['approver']).token);
    const body = new URLSearchParams({
      _csrf: csrfTokenOf(signed.token),
      text: 'x'.repeat(300 * 1024),
    }).toString();
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const answer = await app.request('http://127.0.0.1/admin/act', {
      method: 'POST',
      headers: { cookie: signed.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(answer.status).toBe(413);
  });

  it('is forgotten on the server when signing out', async () => {
    const signed = await signIn(keys.add('U_ANA', ['approver']).token);
    const out = await app.request('http://127.0.0.1/admin/logout', {
      method: 'POST',
      headers: { cookie: signed.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfTokenOf(signed.token) }).toString(),
    });
    expect(out.status).toBe(303);
    expect(sessions.sessions.size).toBe(0);
    const again = await app.request('http://127.0.0.1/admin/who', {
      headers: { cookie: signed.cookie },
    });
    expect(again.status).toBe(303);
  });
});

describe('where a login may send the browser next', () => {
  it('only to a page of ours', () => {
    expect(safeNext('/admin/policies')).toBe('/admin/policies');
    expect(safeNext('/admin/requests?status=all')).toBe('/admin/requests?status=all');
    for (const bad of ['//evil.example', 'https://evil.example/admin', '/admin//evil', '/docs']) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});

describe('behind a JWT authorizer', () => {
  const gateway = (sub?: string) => ({
    event: {
      requestContext: { authorizer: { jwt: { claims: sub ? { sub, roles: 'admin' } : {} } } },
    },
  });

  it('signs in as the verified identity, and holds only while the gateway still says so', async () => {
    // Prepare
    const jwtApp = adminOn(authorizerAuthentication({ directory }));
    const origin = 'https://admin.example.com';
    const form = await jwtApp.request(`${origin}/admin/login`, {}, gateway('U_ANA'));
    expect(await form.text()).toContain('U_ANA');
    const [name, csrf] = Object.entries(cookiesOf(form))[0] ?? ['', ''];
    // Act
    const signed = await jwtApp.request(
      `${origin}/admin/login`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `${name}=${csrf}`,
        },
        body: new URLSearchParams({ _csrf: csrf }).toString(),
      },
      gateway('U_ANA'),
    );
    // Assess
    expect(signed.status).toBe(303);
    const session = Object.entries(cookiesOf(signed)).find(([cookie]) =>
      cookie.includes('admin_session'),
    );
    const headers = { cookie: `${session?.[0]}=${session?.[1]}` };
    const who = (sub?: string) => jwtApp.request(`${origin}/admin/who`, { headers }, gateway(sub));
    expect((await who('U_ANA')).status).toBe(200);
    expect((await who('U_BOB')).status).toBe(303);
    expect((await who()).status).toBe(303);
  });
});
