import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EnvSecretSource, envVariableFor, FileSecretSource } from '../../src/index.js';
import { type Connected, connect, textOf } from '../support/connect.js';

const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const CODE_AT_59 = '287082';

describe('get_totp_code with a local secrets file', () => {
  let dir: string;
  let file: string;
  let connected: Connected | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'totp-secrets-'));
    file = join(dir, 'secrets.json');
    await writeFile(
      file,
      JSON.stringify({
        'okta-admin': { secret: SEED, issuer: 'Okta' },
        'aws-root': { seed: SEED.toLowerCase() },
        'raw-seed': `  ${SEED}\n`,
        'no-field': { issuer: 'Okta' },
      }),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await connected?.close();
    connected = undefined;
  });

  it.each([
    ['a JSON object, default key_field', { secret_name: 'okta-admin' }],
    ['a JSON object, named key_field', { secret_name: 'aws-root', key_field: 'seed' }],
    ['a raw value', { secret_name: 'raw-seed' }],
  ])('reads the seed from %s', async (_label, args) => {
    // Prepare
    connected = await connect({ secrets: new FileSecretSource(file), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', args);

    // Assess
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ code: CODE_AT_59 });
  });

  it('says which field is missing from a JSON secret', async () => {
    // Prepare
    connected = await connect({ secrets: new FileSecretSource(file), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'no-field' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Secret no-field is a JSON object without a text field "secret"');
  });

  it('reports a secret that does not exist', async () => {
    // Prepare
    connected = await connect({ secrets: new FileSecretSource(file), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'nobody' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Secret nobody was not found');
  });

  it('does not look up inherited object keys as secret names', async () => {
    // Prepare
    connected = await connect({ secrets: new FileSecretSource(file), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'constructor' });

    // Assess
    expect(textOf(result)).toBe('Secret constructor was not found');
  });

  it('refuses secret_region, which a file cannot honour', async () => {
    // Prepare
    connected = await connect({ secrets: new FileSecretSource(file), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', {
      secret_name: 'okta-admin',
      secret_region: 'eu-west-1',
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('secret_region is not supported by the secrets file');
  });

  it('reports an unreadable secrets file without its contents', async () => {
    // Prepare
    const missing = new FileSecretSource(join(dir, 'missing.json'));
    connected = await connect({ secrets: missing, now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'okta-admin' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('The local secrets file could not be read');
  });
});

describe('get_totp_code with environment secrets', () => {
  it('maps a secret name to its variable', () => {
    // Assess
    expect(envVariableFor('okta/admin-2')).toBe('TOTP_SECRET_OKTA_ADMIN_2');
  });

  it('reads a JSON value from the record it was given', async () => {
    // Prepare
    const env = { TOTP_SECRET_OKTA_ADMIN: JSON.stringify({ secret: SEED }) };
    const connected = await connect({ secrets: new EnvSecretSource(env), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'okta/admin' });
    await connected.close();

    // Assess
    expect(result.structuredContent).toMatchObject({ code: CODE_AT_59 });
  });

  it('treats an unset or blank variable as a missing secret', async () => {
    // Prepare
    const env = { TOTP_SECRET_BLANK: ' ' };
    const connected = await connect({ secrets: new EnvSecretSource(env), now: () => 59_000 });

    // Act
    const blank = await connected.call('get_totp_code', { secret_name: 'blank' });
    const unset = await connected.call('get_totp_code', { secret_name: 'unset' });
    await connected.close();

    // Assess
    expect(textOf(blank)).toBe('Secret blank was not found');
    expect(textOf(unset)).toBe('Secret unset was not found');
  });
});
