import { apiRequests, CLIENT_EMAIL, textOf } from '@agentcore/google-workspace/testing';
import { SANDBOX_ADMIN } from '@agentcore/stand-ins';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

describe('list_users', () => {
  const harness = useHarness();

  it('lists the customer by default, and impersonates the admin with the JWT-bearer grant', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_users', { max_results: 50 });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      users: [
        expect.objectContaining({ email: SANDBOX_ADMIN, name: 'Ada Admin', is_admin: true }),
        expect.objectContaining({ email: 'alice@example.com', two_step_enrolled: true }),
        expect.objectContaining({ email: 'bob@example.com', name: 'Bob Baker' }),
        expect.objectContaining({ email: 'carol@example.com', suspended: true }),
        expect.objectContaining({ email: 'dave@example.com', two_step_enrolled: false }),
      ],
    });
    const token = harness.google.requests.find((request) => request.path === '/token');
    const assertion = new URLSearchParams(token?.body).get('assertion') ?? '';
    const claims = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ iss: CLIENT_EMAIL, sub: SANDBOX_ADMIN });
    expect(apiRequests(harness.google)[0]?.query).toMatchObject({
      customer: 'my_customer',
      maxResults: '50',
      orderBy: 'email',
    });
  });

  it('pages with next_page_token and page_token', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const first = await connected.call('list_users', { domain: 'example.com', max_results: 2 });
    const token = first.structuredContent?.next_page_token;
    const second = await connected.call('list_users', {
      domain: 'example.com',
      max_results: 2,
      page_token: token,
    });
    const third = await connected.call('list_users', {
      domain: 'example.com',
      max_results: 2,
      page_token: second.structuredContent?.next_page_token,
    });

    // Assess
    const emails = (result: typeof first) =>
      ((result.structuredContent?.users ?? []) as { email: string }[]).map((user) => user.email);
    expect(typeof token).toBe('string');
    expect(emails(first)).toEqual([SANDBOX_ADMIN, 'alice@example.com']);
    expect(emails(second)).toEqual(['bob@example.com', 'carol@example.com']);
    expect(emails(third)).toEqual(['dave@example.com']);
    expect(third.structuredContent?.next_page_token).toBeUndefined();
  });

  it("says so when nothing matches (Google leaves 'users' out)", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_users', { query: 'email:nobody*' });

    // Assess
    expect(result.structuredContent).toEqual({ users: [], message: 'No users found.' });
  });

  it("surfaces Google's refusal of a domain it does not manage as a tool error", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_users', { domain: 'other.org' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Google Admin API error (HTTP 403): Not Authorized to access this resource/api',
    );
  });

  it('refuses domain and customer together', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_users', { domain: 'example.com', customer: 'x' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Give domain or customer, not both');
    expect(apiRequests(harness.google)).toHaveLength(0);
  });
});

describe('get_user', () => {
  const harness = useHarness();

  it("shows the seed's fields, with its defaults for what is not set", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_user', { user_key: 'robert@example.com' });

    // Assess
    expect(result.structuredContent).toEqual({
      email: 'bob@example.com',
      name: 'Bob Baker',
      id: harness.google.user('bob@example.com')?.id,
      is_admin: false,
      suspended: false,
      last_login: '2026-11-04T10:30:00.000Z',
      created: '2026-01-05T12:00:00.000Z',
      org_unit: '/Engineering',
      aliases: ['robert@example.com'],
      '2fa_enabled': true,
      '2fa_enforced': false,
      ip_whitelisted: false,
      recovery_email: 'Not set',
      recovery_phone: 'Not set',
      suspension_reason: 'Not specified',
    });
    expect(apiRequests(harness.google)[0]).toMatchObject({
      method: 'GET',
      path: '/admin/directory/v1/users/robert%40example.com',
      query: { projection: 'full' },
    });
  });

  it('says Never for a user who never signed in', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_user', { user_key: 'carol@example.com' });

    // Assess
    expect(result.structuredContent).toMatchObject({
      last_login: 'Never',
      suspended: true,
      suspension_reason: 'ADMIN',
    });
  });

  it("reports an unknown user with Google's message", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_user', { user_key: 'nobody@example.com' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Google Admin API error (HTTP 404): Resource Not Found: userKey');
  });
});

describe('suspend_user and unsuspend_user', () => {
  const harness = useHarness();

  it('suspends with users.update {suspended: true} and reports the seed message', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('suspend_user', { user_key: 'bob@example.com' });

    // Assess
    expect(result.structuredContent).toEqual({
      message: 'User suspended successfully',
      email: 'bob@example.com',
      name: 'Bob Baker',
    });
    const update = apiRequests(harness.google)[0];
    expect(update).toMatchObject({
      method: 'PUT',
      path: '/admin/directory/v1/users/bob%40example.com',
    });
    expect(JSON.parse(update?.body ?? '')).toEqual({ suspended: true });
    expect(harness.google.user('bob@example.com')).toMatchObject({
      suspended: true,
      suspensionReason: 'ADMIN',
    });
  });

  it('unsuspends', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('unsuspend_user', { user_key: 'carol@example.com' });

    // Assess
    expect(result.structuredContent).toEqual({
      message: 'User unsuspended successfully',
      email: 'carol@example.com',
      name: 'Carol Chen',
    });
    expect(harness.google.user('carol@example.com')?.suspended).toBe(false);
    expect(harness.google.user('carol@example.com')?.suspensionReason).toBeUndefined();
  });
});

describe('reset_2fa', () => {
  const harness = useHarness();

  it('turns 2-Step Verification off (POST turnOff, 204)', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('reset_2fa', { email: 'bob@example.com' });

    // Assess
    expect(result.structuredContent).toEqual({
      message: '2-Step Verification turned off for bob@example.com',
      email: 'bob@example.com',
      changed: true,
      '2fa_enabled': false,
    });
    const bobId = harness.google.user('bob@example.com')?.id;
    expect(
      apiRequests(harness.google).map((request) => `${request.method} ${request.path}`),
    ).toEqual([
      'GET /admin/directory/v1/users/bob%40example.com',
      `POST /admin/directory/v1/users/${bobId}/twoStepVerification/turnOff`,
    ]);
    expect(harness.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
  });

  it('changes nothing for a user without 2-Step Verification', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('reset_2fa', { email: 'dave@example.com' });

    // Assess
    expect(result.structuredContent).toMatchObject({
      message: '2-Step Verification is already off for dave@example.com',
      changed: false,
    });
    expect(apiRequests(harness.google)).toHaveLength(1);
  });
});
