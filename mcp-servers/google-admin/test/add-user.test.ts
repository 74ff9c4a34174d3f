import { apiRequests, textOf } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { PASSWORD_NOTICE } from '../src/index.js';
import { useHarness } from './support/harness.js';

describe('add_user', () => {
  const harness = useHarness();

  it('creates the user with a random password that must change, and never returns it', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('add_user', {
      primary_email: 'erin@example.com',
      first_name: 'Erin',
      last_name: 'Evans',
      org_unit_path: '/Engineering',
    });

    // Assess
    const insert = apiRequests(harness.google)[0];
    const sent = JSON.parse(insert?.body ?? '{}') as Record<string, unknown>;
    const password = String(sent.password);
    expect(insert).toMatchObject({ method: 'POST', path: '/admin/directory/v1/users' });
    expect(sent).toMatchObject({
      primaryEmail: 'erin@example.com',
      name: { givenName: 'Erin', familyName: 'Evans', fullName: 'Erin Evans' },
      changePasswordAtNextLogin: true,
      orgUnitPath: '/Engineering',
    });
    expect(password).toMatch(/^\S{32}$/);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/\d/);
    expect(result.structuredContent).toEqual({
      message: 'User created successfully',
      email: 'erin@example.com',
      name: 'Erin Evans',
      id: harness.google.user('erin@example.com')?.id,
      change_password_at_next_login: true,
      password: PASSWORD_NOTICE,
    });
    expect(JSON.stringify(result)).not.toContain(password);
    expect(harness.google.hasPassword('erin@example.com')).toBe(true);
    expect(harness.google.user('erin@example.com')?.changePasswordAtNextLogin).toBe(true);
  });

  it('makes a different password each time', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    await connected.call('add_user', {
      primary_email: 'f1@example.com',
      first_name: 'F',
      last_name: 'One',
    });
    await connected.call('add_user', {
      primary_email: 'f2@example.com',
      first_name: 'F',
      last_name: 'Two',
    });

    // Assess
    const passwords = apiRequests(harness.google).map(
      (request) => (JSON.parse(request.body) as { password: string }).password,
    );
    expect(new Set(passwords).size).toBe(2);
  });

  it("reports an existing account with Google's message, without retrying the create", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('add_user', {
      primary_email: 'bob@example.com',
      first_name: 'Bob',
      last_name: 'Again',
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Google Admin API error (HTTP 409): Entity already exists.');
    const password = (
      JSON.parse(apiRequests(harness.google)[0]?.body ?? '{}') as { password: string }
    ).password;
    expect(textOf(result)).not.toContain(password);
  });

  it('does not repeat a create after a 5xx that may have reached Google', async () => {
    // Prepare
    const connected = await harness.connect();
    await connected.call('get_user', { user_key: 'bob@example.com' });
    harness.google.reset();
    harness.google.failNext(1, { status: 503 });

    // Act
    const result = await connected.call('add_user', {
      primary_email: 'gail@example.com',
      first_name: 'Gail',
      last_name: 'Green',
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Google Admin API error (HTTP 503): The service is currently unavailable.',
    );
    expect(harness.google.requests).toHaveLength(1);
    expect(harness.sleeps).toEqual([]);
  });

  it.each([
    [
      { primary_email: 'not-an-email', first_name: 'A', last_name: 'B' },
      'primary_email must be a valid email address',
    ],
    [
      { primary_email: 'a@example.com', first_name: '', last_name: 'B' },
      'first_name must not be empty',
    ],
    [
      { primary_email: 'a@example.com', first_name: 'A', last_name: 'x'.repeat(61) },
      'last_name must be at most 60 characters',
    ],
  ])('validates its input: %j', async (args, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('add_user', args);

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.google.requests).toHaveLength(0);
  });
});
