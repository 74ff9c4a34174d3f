import { describe, expect, it } from 'vitest';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from '../src/api-keys.js';

describe('API keys', () => {
  it('are random, parse back to their id and secret, and store only a hash of the secret', () => {
    const first = generateApiKey();
    const second = generateApiKey();

    const parsed = parseApiKey(first.token);

    expect(first.token).not.toBe(second.token);
    expect(first.keyId).not.toBe(second.keyId);
    expect(parsed?.keyId).toBe(first.keyId);
    expect(first.secretHash).toBe(hashSecret(parsed?.secret ?? ''));
    expect(first.secretHash).not.toContain(parsed?.secret ?? '');
    expect(secretMatches(parsed?.secret ?? '', first.secretHash)).toBe(true);
  });

  it('match only their own secret', () => {
    const key = generateApiKey();
    const other = parseApiKey(generateApiKey().token);

    expect(secretMatches(other?.secret ?? '', key.secretHash)).toBe(false);
    expect(secretMatches('', key.secretHash)).toBe(false);
  });

  it.each([
    '',
    'hitl_',
    'Bearer hitl_0123456789abcdef_x',
    `hitl_0123456789ABCDEF_${'a'.repeat(43)}`,
    `hitl_0123456789abcdef_${'a'.repeat(42)}`,
    `hitl_0123456789abcdef_${'a'.repeat(44)}`,
    `sk_0123456789abcdef_${'a'.repeat(43)}`,
    `hitl_0123456789abcdef_${'a'.repeat(42)}!`,
  ])('refuse to parse %j', (token) => {
    expect(parseApiKey(token)).toBeUndefined();
  });
});
