import { apiRequests, textOf } from '@agentcore/google-workspace/testing';
import { SANDBOX_ALICE_ROLE } from '@agentcore/stand-ins';
import { describe, expect, it } from 'vitest';
import { parseRoleValue, ROLE_ARN_PATTERN, SAML_PROVIDER_ARN_PATTERN } from '../src/index.js';
import { useHarness } from './support/harness.js';

const ROLE = 'arn:aws:iam::222222222222:role/Admin';
const PROVIDER = 'arn:aws:iam::222222222222:saml-provider/GoogleApps';
const ALICE_ROLE = {
  account: '111111111111',
  role: 'arn:aws:iam::111111111111:role/Developer',
  saml_provider: 'arn:aws:iam::111111111111:saml-provider/GoogleApps',
};

describe('AWS ARN validation', () => {
  it.each([
    'arn:aws:iam::123456789012:role/Developer',
    'arn:aws:iam::123456789012:role/with+plus=equals,comma.dot@at-dash_under',
    'arn:aws:iam::123456789012:role/service-role/path/Name',
    'arn:aws-us-gov:iam::123456789012:role/Gov',
    `arn:aws:iam::123456789012:role/${'a'.repeat(64)}`,
  ])('accepts the role ARN %s', (arn) => {
    expect(ROLE_ARN_PATTERN.test(arn)).toBe(true);
  });

  it.each([
    'arn:aws:iam::12345678901:role/Short',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:iam::123456789012:role/has space',
    'arn:aws:iam::123456789012:role/semi;colon',
    'arn:aws:iam::123456789012:user/Developer',
    `arn:aws:iam::123456789012:role/${'a'.repeat(65)}`,
    'arn:aws:s3:::bucket',
  ])('rejects %s as a role ARN', (arn) => {
    expect(ROLE_ARN_PATTERN.test(arn)).toBe(false);
  });

  it.each([
    ['arn:aws:iam::123456789012:saml-provider/Google.Apps_1-x', true],
    ['arn:aws:iam::123456789012:saml-provider/has,comma', false],
    ['arn:aws:iam::123456789012:saml-provider/plus+', false],
    ['arn:aws:iam::123456789012:role/Google', false],
  ])('SAML provider ARN %s is valid: %s', (arn, valid) => {
    expect(SAML_PROVIDER_ARN_PATTERN.test(arn)).toBe(valid);
  });

  it('splits a stored value even when the role name holds a comma, in either order', () => {
    // Prepare
    const role = 'arn:aws:iam::123456789012:role/a,b';
    const provider = 'arn:aws:iam::123456789012:saml-provider/P';

    // Act
    const roleFirst = parseRoleValue(`${role},${provider}`);
    const providerFirst = parseRoleValue(`${provider},${role}`);

    // Assess
    const expected = { account: '123456789012', role, saml_provider: provider };
    expect(roleFirst).toEqual(expected);
    expect(providerFirst).toEqual(expected);
    expect(parseRoleValue('not a role')).toBeUndefined();
  });
});

describe('get_amazon_roles', () => {
  const harness = useHarness();

  it('reads the seed schema Amazon.Role with a custom projection', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_amazon_roles', { user_key: 'alice@example.com' });

    // Assess
    expect(result.structuredContent).toEqual({
      email: 'alice@example.com',
      roles: [ALICE_ROLE],
      has_roles: true,
    });
    expect(apiRequests(harness.google)[0]?.query).toEqual({
      projection: 'custom',
      customFieldMask: 'Amazon',
    });
  });

  it('reports no roles', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_amazon_roles', { user_key: 'bob@example.com' });

    // Assess
    expect(result.structuredContent).toEqual({
      email: 'bob@example.com',
      roles: [],
      has_roles: false,
    });
  });

  it('reads a configured schema and field (SSO.role, as Google documents)', async () => {
    // Prepare
    const connected = await harness.connect({
      env: { GOOGLE_AWS_ROLE_SCHEMA: 'SSO', GOOGLE_AWS_ROLE_FIELD: 'role' },
    });
    await connected.call('add_amazon_role', {
      user_key: 'bob@example.com',
      admin_role: ROLE,
      identity_provider: PROVIDER,
    });

    // Act
    const result = await connected.call('get_amazon_roles', { user_key: 'bob@example.com' });

    // Assess
    expect(result.structuredContent?.roles).toEqual([
      { account: '222222222222', role: ROLE, saml_provider: PROVIDER },
    ]);
    expect(harness.google.user('bob@example.com')?.customSchemas).toEqual({
      SSO: { role: [{ value: `${ROLE},${PROVIDER}`, type: 'work' }] },
    });
  });
});

describe('add_amazon_role', () => {
  const harness = useHarness();

  it('appends the role and writes the whole array back', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('add_amazon_role', {
      user_key: 'alice@example.com',
      admin_role: ROLE,
      identity_provider: PROVIDER,
    });

    // Assess
    expect(result.structuredContent).toEqual({
      message: `Successfully added AWS role ${ROLE}`,
      email: 'alice@example.com',
      changed: true,
      roles: [ALICE_ROLE, { account: '222222222222', role: ROLE, saml_provider: PROVIDER }],
    });
    const update = apiRequests(harness.google)[1];
    expect(update?.method).toBe('PUT');
    expect(JSON.parse(update?.body ?? '')).toEqual({
      customSchemas: {
        Amazon: {
          Role: [
            { value: SANDBOX_ALICE_ROLE, type: 'work' },
            { value: `${ROLE},${PROVIDER}`, type: 'work' },
          ],
        },
      },
    });
  });

  it('keeps one role per account: a second role in the same account changes nothing', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('add_amazon_role', {
      user_key: 'alice@example.com',
      admin_role: 'arn:aws:iam::111111111111:role/Other',
      identity_provider: 'arn:aws:iam::111111111111:saml-provider/GoogleApps',
    });

    // Assess
    expect(result.structuredContent).toEqual({
      message: 'AWS role already exists for user',
      email: 'alice@example.com',
      changed: false,
      roles: [ALICE_ROLE],
    });
    expect(apiRequests(harness.google).map((request) => request.method)).toEqual(['GET']);
  });

  it.each([
    [
      { admin_role: 'arn:aws:iam::222222222222:role/bad name', identity_provider: PROVIDER },
      'admin_role must be an IAM role ARN',
    ],
    [
      { admin_role: ROLE, identity_provider: 'arn:aws:iam::222222222222:saml-provider/bad+name' },
      'identity_provider must be a SAML provider ARN',
    ],
    [
      { admin_role: ROLE, identity_provider: 'arn:aws:iam::333333333333:saml-provider/P' },
      'must be in the same AWS account',
    ],
  ])('refuses bad ARNs before calling Google: %j', async (args, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('add_amazon_role', {
      user_key: 'bob@example.com',
      ...args,
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.google.requests).toHaveLength(0);
  });

  it('accepts role names with the whole IAM alphabet and a path', async () => {
    // Prepare
    const connected = await harness.connect();
    const role = 'arn:aws:iam::222222222222:role/team/a+b=c,d.e@f-g_h';

    // Act
    const result = await connected.call('add_amazon_role', {
      user_key: 'bob@example.com',
      admin_role: role,
      identity_provider: PROVIDER,
    });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.roles).toEqual([
      { account: '222222222222', role, saml_provider: PROVIDER },
    ]);
  });
});

describe('remove_amazon_role', () => {
  const harness = useHarness();

  it('removes exactly the matching entry and writes the rest back', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('remove_amazon_role', {
      user_key: 'alice@example.com',
      admin_role: ALICE_ROLE.role,
      identity_provider: ALICE_ROLE.saml_provider,
    });

    // Assess
    expect(result.structuredContent).toEqual({
      message: `Successfully removed AWS role ${ALICE_ROLE.role}`,
      email: 'alice@example.com',
      changed: true,
      roles: [],
    });
    expect(JSON.parse(apiRequests(harness.google)[1]?.body ?? '')).toEqual({
      customSchemas: { Amazon: { Role: [] } },
    });
    expect(harness.google.user('alice@example.com')?.customSchemas).toBeUndefined();
  });

  it("reports a role the user does not have with the seed's message", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('remove_amazon_role', {
      user_key: 'alice@example.com',
      admin_role: ROLE,
      identity_provider: PROVIDER,
    });

    // Assess
    expect(result.structuredContent).toEqual({
      message: `AWS role not found for user. Found 1 roles. Role to remove: ${ROLE},${PROVIDER}`,
      email: 'alice@example.com',
      changed: false,
      roles: [ALICE_ROLE],
    });
    expect(apiRequests(harness.google)).toHaveLength(1);
  });
});
