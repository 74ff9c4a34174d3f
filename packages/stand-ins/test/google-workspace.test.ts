import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GOOGLE_TOKEN_AUDIENCE,
  type GoogleWorkspaceStandIn,
  JWT_BEARER_GRANT,
  SANDBOX_ADMIN,
  SANDBOX_CUSTOMER_ID,
  startAll,
  startGoogleWorkspaceStandIn,
} from '../src/index.js';

const EMAIL = 'sa@project.iam.gserviceaccount.com';
const NOW_MS = Date.parse('2026-11-29T10:00:00Z');
const NOW = NOW_MS / 1000;
const USER_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user';
const SECURITY_SCOPE = 'https://www.googleapis.com/auth/admin.directory.user.security';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

function assertion(claims: Record<string, unknown>, key: KeyObject = keys.privateKey): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iss: EMAIL,
    scope: `${USER_SCOPE} ${SECURITY_SCOPE}`,
    aud: GOOGLE_TOKEN_AUDIENCE,
    iat: NOW,
    exp: NOW + 3600,
    sub: SANDBOX_ADMIN,
    ...claims,
  })}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
}

describe('Google Workspace stand-in', () => {
  let google: GoogleWorkspaceStandIn;

  beforeAll(async () => {
    google = await startGoogleWorkspaceStandIn({
      serviceAccounts: { [EMAIL]: keys.publicKey },
      now: () => NOW_MS,
    });
  });

  afterEach(() => {
    google.reset();
  });

  afterAll(async () => {
    await google.close();
  });

  const token = (claims: Record<string, unknown> = {}, grant = JWT_BEARER_GRANT) =>
    fetch(google.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: grant, assertion: assertion(claims) }),
    });

  const accessToken = async (claims: Record<string, unknown> = {}) =>
    ((await (await token(claims)).json()) as { access_token: string }).access_token;

  const api = async (path: string, init: RequestInit = {}, claims: Record<string, unknown> = {}) =>
    fetch(`${google.rootUrl}admin/directory/v1/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${await accessToken(claims)}`, ...init.headers },
    });

  it('issues a bearer token for a signed JWT-bearer assertion', async () => {
    // Act
    const response = await token();

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^ya29\./),
      expires_in: 3599,
      token_type: 'Bearer',
    });
  });

  it.each([
    [{}, 'client_credentials', 400, 'unsupported_grant_type'],
    [{ aud: 'https://example.com/token' }, JWT_BEARER_GRANT, 400, 'invalid_grant'],
    [{ exp: NOW - 1 }, JWT_BEARER_GRANT, 400, 'invalid_grant'],
    [{ exp: NOW + 7200 }, JWT_BEARER_GRANT, 400, 'invalid_grant'],
    [{ iss: 'other@project.iam.gserviceaccount.com' }, JWT_BEARER_GRANT, 401, 'invalid_client'],
    [{ sub: 'ghost@example.com' }, JWT_BEARER_GRANT, 400, 'invalid_grant'],
  ])('refuses the assertion %j (grant %s) with %i %s', async (claims, grant, status, error) => {
    // Act
    const response = await token(claims, grant);

    // Assess
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error, error_description: expect.any(String) });
  });

  it('refuses an assertion signed by another key', async () => {
    // Prepare
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

    // Act
    const response = await fetch(google.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: JWT_BEARER_GRANT,
        assertion: assertion({}, other.privateKey),
      }),
    });

    // Assess
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid JWT Signature.',
    });
  });

  it("answers without a token in Google's error envelope", async () => {
    // Act
    const response = await fetch(`${google.rootUrl}admin/directory/v1/users/bob@example.com`);

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'required' }] },
    });
  });

  it('needs the security scope to turn off 2SV', async () => {
    // Act
    const response = await api(
      'users/bob@example.com/twoStepVerification/turnOff',
      { method: 'POST' },
      { scope: USER_SCOPE },
    );

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: {
        code: 403,
        message: 'Request had insufficient authentication scopes.',
        errors: [
          {
            message: 'Request had insufficient authentication scopes.',
            domain: 'global',
            reason: 'insufficientPermissions',
          },
        ],
        status: 'PERMISSION_DENIED',
      },
    });
  });

  it('turns off 2SV with 204 and an empty body', async () => {
    // Act
    const response = await api('users/bob@example.com/twoStepVerification/turnOff', {
      method: 'POST',
    });

    // Assess
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
  });

  it("leaves 'users' out of an empty page and pages with nextPageToken", async () => {
    // Act
    const empty = await (await api('users?customer=my_customer&query=email:zed*')).json();
    const first = (await (await api('users?domain=example.com&maxResults=3')).json()) as {
      users: { primaryEmail: string }[];
      nextPageToken: string;
    };
    const second = (await (
      await api(`users?domain=example.com&maxResults=3&pageToken=${first.nextPageToken}`)
    ).json()) as { users: { primaryEmail: string }[]; nextPageToken?: string };

    // Assess
    expect(empty).toEqual({ kind: 'admin#directory#users', etag: expect.any(String) });
    expect(first.users).toHaveLength(3);
    expect(second.users.map((user) => user.primaryEmail)).toEqual([
      'carol@example.com',
      'dave@example.com',
    ]);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('needs a customer or a domain to list', async () => {
    // Act
    const response = await api('users');

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, message: 'Bad Request' } });
  });

  it('keeps custom schemas out of the basic projection', async () => {
    // Act
    const basic = await (await api('users/alice@example.com')).json();
    const full = await (await api('users/alice@example.com?projection=full')).json();

    // Assess
    expect(basic).not.toHaveProperty('customSchemas');
    expect(full).toHaveProperty('customSchemas.Amazon.Role');
  });

  it('refuses a duplicate create with 409 and an unknown schema with 400', async () => {
    // Act
    const duplicate = await api('users', {
      method: 'POST',
      body: JSON.stringify({
        primaryEmail: 'bob@example.com',
        name: { givenName: 'B', familyName: 'B' },
        password: 'long-enough',
      }),
    });
    const unknownSchema = await api('users/bob@example.com', {
      method: 'PUT',
      body: JSON.stringify({ customSchemas: { Nope: { x: 'y' } } }),
    });

    // Assess
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ error: { errors: [{ reason: 'duplicate' }] } });
    expect(unknownSchema.status).toBe(400);
  });

  it('plays scripted faults and puts the directory back on reset', async () => {
    // Prepare
    await api('users/bob@example.com', { method: 'PUT', body: '{"suspended":true}' });
    const bearer = await accessToken();
    google.failNext(1, { status: 503 });

    // Act
    const failed = await fetch(`${google.rootUrl}admin/directory/v1/users/bob@example.com`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    google.reset();

    // Assess
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
    expect(google.user('bob@example.com')?.suspended).toBe(false);
    expect(google.requests).toHaveLength(0);
  });
});

describe('startAll', () => {
  it('serves the Google stand-in with the sandbox company', async () => {
    // Prepare
    const running = await startAll();

    // Act
    const bob = running.google.user('bob@example.com');
    const token = await fetch(running.google.tokenUrl, { method: 'POST', body: '' });
    await running.close();

    // Assess
    expect(running.google.rootUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(bob).toMatchObject({ isEnrolledIn2Sv: true, customerId: SANDBOX_CUSTOMER_ID });
    expect(token.status).toBe(400);
  });
});
