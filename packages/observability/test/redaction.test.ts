import { describe, expect, it } from 'vitest';
import { isSensitiveKey, REDACTED } from '../src/index.js';
import { capturedLogger } from './support.js';

const SENSITIVE_KEYS = [
  'secret',
  'clientSecret',
  'SecretString',
  'AWS_SECRET_ACCESS_KEY',
  'token',
  'taskToken',
  'task_token',
  'TaskToken',
  'accessToken',
  'id_token',
  'x-amz-security-token',
  'password',
  'PASSWORD',
  'newPassword',
  'passwd',
  'pwd',
  'passphrase',
  'passcode',
  'code',
  'Code',
  'totpCode',
  'totp_code',
  'mfaCode',
  'verificationcode',
  'otp',
  'OTP',
  'totp',
  'otpauth',
  'smsOtp',
  'authorization',
  'Authorization',
  'auth',
  'proxy-authorization',
  'api_key',
  'apiKey',
  'APIKey',
  'x-api-key',
  'credential',
  'credentials',
  'awsCredentials',
  'cookie',
  'Set-Cookie',
  'signature',
  'X-Amz-Signature',
  'privateKey',
];

const ORDINARY_KEYS = [
  'requestId',
  'executionArn',
  'functionName',
  'step',
  'message',
  'tool',
  'statusCode',
  'httpStatusCode',
  'errorCode',
  'exitCode',
  'secretName',
  'secret_name',
  'secretArn',
  'secret_region',
  'apiKeyId',
  'author',
  'footprint',
  'keyField',
];

describe('isSensitiveKey', () => {
  it.each(SENSITIVE_KEYS)('treats %s as sensitive', (key) => {
    // Prepare
    // Act
    const sensitive = isSensitiveKey(key);

    // Assess
    expect(sensitive).toBe(true);
  });

  it.each(ORDINARY_KEYS)('leaves %s alone', (key) => {
    // Prepare
    // Act
    const sensitive = isSensitiveKey(key);

    // Assess
    expect(sensitive).toBe(false);
  });
});

describe('redaction by key', () => {
  it.each(SENSITIVE_KEYS)('redacts %s at the top, nested and in arrays', (key) => {
    // Prepare
    const { logger, lines, entries } = capturedLogger();
    const value = `planted-${key}-value`;

    // Act
    logger.info('Event', {
      [key]: value,
      nested: { deeper: { [key]: value, kept: 'visible' } },
      list: [{ [key]: value }, [{ [key]: { inner: value } }]],
    });

    // Assess
    expect(lines[0]).not.toContain(value);
    expect(entries()[0]).toMatchObject({
      [key]: REDACTED,
      nested: { deeper: { [key]: REDACTED, kept: 'visible' } },
      list: [{ [key]: REDACTED }, [{ [key]: REDACTED }]],
    });
  });

  it('redacts whole objects, arrays and numbers under a sensitive key', () => {
    // Prepare
    const { logger, lines, entries } = capturedLogger();

    // Act
    logger.info('Tool result', {
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' },
      cookies: ['session=abc123def', 'csrf=xyz789uvw'],
      code: 493021,
    });

    // Assess
    expect(lines[0]).not.toMatch(/AKIAEXAMPLE|wJalrXUtnFEMI|abc123def|xyz789uvw|493021/);
    expect(entries()[0]).toMatchObject({
      credentials: REDACTED,
      cookies: REDACTED,
      code: REDACTED,
    });
  });

  it('keeps correlation keys, flags and counts', () => {
    // Prepare
    const { logger, entries } = capturedLogger();
    const fields = {
      requestId: '01JD5Y9N8Q4T2W7X3V6B1C0A9Z',
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:hitl:01JD5Y9N8Q',
      secretName: 'prod/totp/bob',
      statusCode: 200,
      inputTokens: 1200,
      outputTokens: 87,
      flags: { hasToken: true, password: null },
    };

    // Act
    logger.info('Done', fields);

    // Assess
    expect(entries()[0]).toMatchObject(fields);
  });

  it('redacts sensitive fields of errors and their causes, keeping error codes', () => {
    // Prepare
    const { logger, lines, entries } = capturedLogger();
    const root = Object.assign(new Error('Secrets Manager refused'), {
      code: 'AccessDenied',
      token: 'root-cause-token-1234',
    });
    const cause = Object.assign(new Error('TOTP failed', { cause: root }), {
      code: '493021',
      details: { apiKey: 'middle-api-key-5678' },
    });
    const error = Object.assign(new Error('Execute failed', { cause }), { code: 'not_found' });

    // Act
    logger.error('Step failed', error);
    logger.warn('Nested error', { failure: { reason: error } });

    // Assess
    for (const line of lines) {
      expect(line).not.toMatch(/root-cause-token-1234|middle-api-key-5678|493021/);
    }
    const expected = {
      code: 'not_found',
      cause: {
        code: REDACTED,
        details: { apiKey: REDACTED },
        cause: { code: 'AccessDenied', token: REDACTED, message: 'Secrets Manager refused' },
      },
    };
    expect(entries()[0]?.error).toMatchObject(expected);
    expect(entries()[1]).toMatchObject({ failure: { reason: expected } });
  });

  it('cuts circular references instead of failing', () => {
    // Prepare
    const { logger, entries } = capturedLogger();
    const node: Record<string, unknown> = { name: 'loop', token: 'circular-token-99' };
    node.self = node;
    const error = new Error('Loops');
    error.cause = error;

    // Act
    logger.info('Cycle', { node, error });

    // Assess
    expect(entries()[0]).toMatchObject({
      node: { name: 'loop', token: REDACTED, self: '[circular]' },
      error: { message: 'Loops', cause: '[circular]' },
    });
  });

  it('redacts what toJSON returns, as JSON.stringify would see it', () => {
    // Prepare
    const { logger, lines, entries } = capturedLogger();
    const session = { toJSON: () => ({ user: 'bob', sessionToken: 'from-to-json-4242' }) };

    // Act
    logger.info('Session', { session, at: new Date('2025-01-02T03:04:05.000Z') });

    // Assess
    expect(lines[0]).not.toContain('from-to-json-4242');
    expect(entries()[0]).toMatchObject({
      session: { user: 'bob', sessionToken: REDACTED },
      at: '2025-01-02T03:04:05.000Z',
    });
  });

  it('keeps the line but drops the fields when they cannot be read', () => {
    // Prepare
    const { logger, lines, entries } = capturedLogger();
    const hostile = {
      get boom(): string {
        throw new Error('getter exploded');
      },
    };

    // Act
    logger.info('Hostile', { hostile, apiKey: 'never-printed-123' });

    // Assess
    expect(lines[0]).not.toContain('never-printed-123');
    expect(entries()[0]).toMatchObject({ message: 'Hostile', redaction_failed: true });
    expect(entries()[0]).not.toHaveProperty('hostile');
  });
});

describe('redaction by value', () => {
  it('redacts registered values in the message, fields, keys, numbers and errors', () => {
    // Prepare
    const totpSeed = 'JBSWY3DPEHPK3PXP';
    const { logger, lines, entries } = capturedLogger({ redactValues: [totpSeed] });
    logger.redactValue('giphy-key-0123456789');
    logger.redactValue('482913');

    // Act
    logger.info(`Seed ${totpSeed} loaded`);
    logger.info('Fetched', {
      url: 'https://api.giphy.example/v1/gifs/search?q=cat',
      note: 'key was giphy-key-0123456789, lower jbswy3dpehpk3pxp',
      [`by-${totpSeed}`]: 1,
      value: 482913,
    });
    logger.error(
      'Call failed',
      new Error(`Bad seed ${totpSeed}`, { cause: 'giphy-key-0123456789' }),
    );

    // Assess
    for (const line of lines) {
      expect(line).not.toMatch(/JBSWY3DPEHPK3PXP|giphy-key-0123456789|482913/i);
    }
    expect(entries()[0]?.message).toBe(`Seed ${REDACTED} loaded`);
    expect(entries()[1]).toMatchObject({
      note: `key was ${REDACTED}, lower ${REDACTED}`,
      [`by-${REDACTED}`]: 1,
      value: REDACTED,
    });
    expect(entries()[2]).toMatchObject({
      error: { message: `Bad seed ${REDACTED}`, cause: REDACTED },
    });
  });

  it('applies to lines written after the value is registered', () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    logger.info('Before', { note: 'late-registered-secret' });

    // Act
    logger.redactValue('late-registered-secret');
    logger.info('After', { note: 'late-registered-secret' });

    // Assess
    expect(lines[0]).toContain('late-registered-secret');
    expect(lines[1]).not.toContain('late-registered-secret');
  });

  it('redacts sensitive query parameters and bearer tokens inside strings', () => {
    // Prepare
    const { logger, lines, entries } = capturedLogger();

    // Act
    logger.warn('Provider failed', {
      giphy: 'GET https://api.giphy.com/v1/gifs/search?api_key=gk_live_123&q=cat failed',
      tenor: 'https://tenor.googleapis.com/v2/search?q=cat&key=tk_live_456&limit=8',
      header: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl',
    });

    // Assess
    expect(lines[0]).not.toMatch(/gk_live_123|tk_live_456|eyJhbGciOiJIUzI1NiJ9/);
    expect(entries()[0]).toMatchObject({
      giphy: `GET https://api.giphy.com/v1/gifs/search?api_key=${REDACTED}&q=cat failed`,
      tenor: `https://tenor.googleapis.com/v2/search?q=cat&key=${REDACTED}&limit=8`,
      header: `Bearer ${REDACTED}`,
    });
  });
});
