import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvSecretSource } from '../src/index.js';
import { type Connected, connect, textOf } from './support/connect.js';

const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP input validation', () => {
  let connected: Connected;

  beforeEach(async () => {
    connected = await connect({
      secrets: new EnvSecretSource({ TOTP_SECRET_BROKEN: 'not base32 at all!' }),
      now: () => 59_000,
    });
  });

  afterEach(async () => {
    await connected.close();
  });

  it.each([
    ['a digit outside 2-7', 'GEZDGNBVGY3TQOJ1'],
    ['punctuation', 'GEZDGNBV-Y3TQOJQ'],
    ['an impossible length', 'GEZDGNBVG'],
    ['padding in the middle', 'GEZD=GNBVGY3TQOJQ'],
  ])('refuses a secret_value with %s', async (_label, secret) => {
    // Act
    const result = await connected.call('generate_totp_code', { secret_value: secret });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^secret_value is not valid base32: /);
    expect(result.structuredContent).toBeUndefined();
  });

  it('refuses an empty secret_value', async () => {
    // Act
    const result = await connected.call('generate_totp_code', { secret_value: '  ' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('secret_value is empty; expected a base32 TOTP secret');
  });

  it('never echoes the secret in its error', async () => {
    // Act
    const result = await connected.call('generate_totp_code', {
      secret_value: 'SUPERSECRET0VALUE',
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).not.toContain('SUPERSECRET');
  });

  it('accepts lower case, spaces and = padding as authenticator apps do', async () => {
    // Act
    const result = await connected.call('generate_totp_code', {
      secret_value: ' gezd gnbv gy3t qojq gezd gnbv gy3t qojq====== ',
    });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ code: '287082' });
  });

  it.each([14, 121, 30.5, 0])('refuses period %s', async (period) => {
    // Act
    const result = await connected.call('generate_totp_code', { secret_value: SEED, period });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('period must be a whole number of seconds between 15 and 120');
  });

  it.each([15, 120])('accepts period %s at the edge of the range', async (period) => {
    // Act
    const result = await connected.call('generate_totp_code', { secret_value: SEED, period });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ period });
  });

  it.each([5, 11, 7.5])('refuses digits %s', async (digits) => {
    // Act
    const result = await connected.call('generate_totp_code', { secret_value: SEED, digits });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('digits must be a whole number between 6 and 10');
  });

  it('gives 10-digit codes, zero-padded', async () => {
    // Act
    const result = await connected.call('generate_totp_code', { secret_value: SEED, digits: 10 });

    // Assess
    expect(result.structuredContent).toMatchObject({ code: expect.stringMatching(/^\d{10}$/) });
  });

  it('refuses an unknown algorithm', async () => {
    // Act
    const result = await connected.call('generate_totp_code', {
      secret_value: SEED,
      algorithm: 'MD5',
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('algorithm must be one of SHA1, SHA256, SHA512');
  });

  it('validates get_totp_code ranges the same way', async () => {
    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'x', period: 200 });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('period must be a whole number of seconds between 15 and 120');
  });

  it('refuses an empty secret_name', async () => {
    // Act
    const result = await connected.call('get_totp_code', { secret_name: '' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('secret_name must not be empty');
  });

  it('names the secret whose stored seed is not base32', async () => {
    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'broken' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Secret broken is not valid base32: /);
  });
});
