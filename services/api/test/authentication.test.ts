import type { PeopleDirectory } from '@agentcore/adapters';
import type { StoredApiKey } from '@agentcore/store';
import { ManualClock } from '@agentcore/workflow/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/api-keys.js';
import {
  type ApiKeyLookup,
  apiKeyAuthentication,
  authorizerAuthentication,
} from '../src/authentication.js';
import { mapError } from '../src/http-errors.js';
import type { ApiEnv, Authenticate } from '../src/routing.js';

const directory: PeopleDirectory = {
  person: async (userId) =>
    userId === 'U_ANA' ? { userId, email: 'ana@example.com', groups: ['approvers'] } : undefined,
  groupsOf: async (userId) => (userId === 'U_ANA' ? ['approvers'] : []),
};

/** The key store as the authenticator sees it, in memory, counting last-used writes. */
class KeysInMemory implements ApiKeyLookup {
  readonly keys = new Map<string, StoredApiKey>();
  touches = 0;

  add(userId: string, overrides: Partial<StoredApiKey> = {}): string {
    const { keyId, token, secretHash } = generateApiKey();
    this.keys.set(keyId, {
      keyId,
      secretHash,
      userId,
      displayName: userId,
      roles: ['approver'],
      createdAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'U_ADMIN',
      ...overrides,
    });
    return token;
  }

  async get(keyId: string) {
    return this.keys.get(keyId);
  }

  async touch() {
    this.touches += 1;
  }
}

/** A one-route app that answers with the principal, as the real routes receive it. */
function whoAmI(authenticate: Authenticate) {
  const app = new Hono<ApiEnv>();
  app.onError((error, c) => {
    const mapped = mapError(error, 'test');
    return c.json(mapped.body, mapped.status);
  });
  app.all('/me', async (c) => c.json(await authenticate(c)));
  return app;
}

describe('apiKeyAuthentication', () => {
  function setUp() {
    const keys = new KeysInMemory();
    const clock = new ManualClock();
    const app = whoAmI(apiKeyAuthentication({ keys, directory, clock: clock.now }));
    return { keys, clock, app };
  }

  it('makes the key holder the principal, with groups and email from the directory', async () => {
    const { keys, app } = setUp();
    const token = keys.add('U_ANA');

    const bearer = await app.request('/me', { headers: { authorization: `Bearer ${token}` } });
    const header = await app.request('/me', { headers: { 'x-api-key': token } });

    const principal = await bearer.json();
    expect(principal).toMatchObject({
      userId: 'U_ANA',
      roles: ['approver'],
      groups: ['approvers'],
      email: 'ana@example.com',
    });
    expect(await header.json()).toEqual(principal);
  });

  it('takes nothing about identity from headers the caller writes', async () => {
    const { keys, app } = setUp();
    const token = keys.add('U_BOB', { roles: ['requester'] });

    const response = await app.request('/me', {
      headers: {
        authorization: `Bearer ${token}`,
        'x-user-id': 'U_ANA',
        'x-groups': 'approvers',
        'x-roles': 'admin',
      },
    });

    expect(await response.json()).toMatchObject({
      userId: 'U_BOB',
      roles: ['requester'],
      groups: [],
    });
  });

  it.each([
    ['no key', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a malformed key', { authorization: 'Bearer hitl_nope' }],
    ['an unknown key', { authorization: `Bearer ${generateApiKey().token}` }],
  ])('answers 401 to %s', async (_, headers) => {
    const { app } = setUp();

    const response = await app.request('/me', { headers });

    expect(response.status).toBe(401);
  });

  it('answers 401 to a known id with another secret, and to a revoked key', async () => {
    const { keys, app } = setUp();
    const token = keys.add('U_ANA');
    const [, keyId] = token.split('_');
    const revoked = keys.add('U_ANA', { revokedAt: '2026-01-02T00:00:00.000Z' });

    const guessed = await app.request('/me', {
      headers: { authorization: `Bearer hitl_${keyId}_${'B'.repeat(43)}` },
    });
    const withRevoked = await app.request('/me', {
      headers: { authorization: `Bearer ${revoked}` },
    });

    expect(guessed.status).toBe(401);
    expect(withRevoked.status).toBe(401);
  });

  it('writes the last-used time at most once a minute per key', async () => {
    const { keys, clock, app } = setUp();
    const token = keys.add('U_ANA');
    const call = () => app.request('/me', { headers: { authorization: `Bearer ${token}` } });

    await call();
    await call();
    clock.advance(59_999);
    await call();
    clock.advance(1);
    await call();

    expect(keys.touches).toBe(2);
  });
});

describe('authorizerAuthentication', () => {
  const app = whoAmI(authorizerAuthentication({ directory }));
  const withClaims = (claims: unknown) => ({
    event: { requestContext: { authorizer: { jwt: { claims } } } },
  });

  it('makes the verified claims the principal, with groups from the directory', async () => {
    const response = await app.request(
      '/me',
      { headers: { 'x-user-id': 'U_SOMEONE' } },
      withClaims({ sub: 'U_ANA', name: 'Ana', 'custom:roles': 'approver requester' }),
    );

    expect(await response.json()).toMatchObject({
      userId: 'U_ANA',
      displayName: 'Ana',
      roles: ['approver', 'requester'],
      groups: ['approvers'],
    });
  });

  it('grants only roles it knows, and requester when none is given', async () => {
    const unknown = await app.request('/me', {}, withClaims({ sub: 'U_BOB', roles: ['root'] }));
    const none = await app.request('/me', {}, withClaims({ sub: 'U_BOB' }));

    expect(((await unknown.json()) as { roles: string[] }).roles).toEqual(['requester']);
    expect(((await none.json()) as { roles: string[] }).roles).toEqual(['requester']);
  });

  it('answers 401 when no authorizer vouched for the caller', async () => {
    const response = await app.request('/me', {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJVX0FOQSJ9.' },
    });

    expect(response.status).toBe(401);
  });
});
