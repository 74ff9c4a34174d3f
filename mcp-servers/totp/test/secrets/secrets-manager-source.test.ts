import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@agentcore/stand-ins';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CachedSecretSource,
  type SecretSource,
  SecretsManagerSecretSource,
  type SecretsManagerSecretSourceOptions,
} from '../../src/index.js';
import { type Connected, connect, textOf } from '../support/connect.js';

const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const CODE_AT_59 = '287082';

describe('get_totp_code with Secrets Manager', () => {
  let standIn: SecretsManagerStandIn;
  let connected: Connected | undefined;
  const clients: SecretsManagerClient[] = [];
  const sleeps: number[] = [];

  function client(region = 'us-east-1'): SecretsManagerClient {
    const created = new SecretsManagerClient({
      region,
      endpoint: standIn.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    clients.push(created);
    return created;
  }

  function source(options: Partial<SecretsManagerSecretSourceOptions> = {}) {
    return new SecretsManagerSecretSource({
      client: client(),
      backoffMs: 100,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    });
  }

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn({
      secrets: {
        'prod/okta': JSON.stringify({ secret: SEED, username: 'ops-bot' }),
        'prod/raw': SEED,
        'prod/binary': new TextEncoder().encode(JSON.stringify({ secret: SEED })),
      },
    });
  });

  afterAll(async () => {
    await standIn.close();
  });

  afterEach(async () => {
    await connected?.close();
    connected = undefined;
    for (const created of clients.splice(0)) created.destroy();
    sleeps.length = 0;
    standIn.reset();
  });

  it.each([
    ['a JSON SecretString', 'prod/okta'],
    ['a raw SecretString', 'prod/raw'],
    ['a SecretBinary', 'prod/binary'],
  ])('reads the seed from %s', async (_label, name) => {
    // Prepare
    connected = await connect({ secrets: source(), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: name });

    // Assess
    expect(result.structuredContent).toMatchObject({ code: CODE_AT_59 });
    expect(standIn.requests).toHaveLength(1);
    expect(JSON.parse(standIn.requests[0]?.body ?? '{}')).toEqual({ SecretId: name });
  });

  it('reports a missing secret without retrying', async () => {
    // Prepare
    connected = await connect({ secrets: source(), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'prod/nothing' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Secret prod/nothing was not found');
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries throttling with growing backoff and then succeeds', async () => {
    // Prepare
    standIn.failNext(2, { status: 429 });
    connected = await connect({ secrets: source(), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'prod/okta' });

    // Assess
    expect(result.structuredContent).toMatchObject({ code: CODE_AT_59 });
    expect(standIn.requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after the bounded number of attempts with a clear error', async () => {
    // Prepare
    standIn.failNext(3, { status: 500 });
    connected = await connect({ secrets: source({ maxAttempts: 3 }), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'prod/okta' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Secrets Manager did not return secret prod/okta after 3 attempts (InternalServiceError)',
    );
    expect(standIn.requests).toHaveLength(3);
  });

  it('times out a request that never answers', async () => {
    // Prepare: the first read has a short timeout; the next, over the same SDK client, has the
    // default one, so that a busy machine cannot time it out as well.
    standIn.failNext(1, { hang: true });
    const shared = client();
    const impatient = source({ client: shared, timeoutMs: 200, maxAttempts: 1 });
    const patient = source({ client: shared, maxAttempts: 1 });
    let reads = 0;
    const secrets: SecretSource = {
      readSecret: (name, options) =>
        (reads++ === 0 ? impatient : patient).readSecret(name, options),
    };
    connected = await connect({ secrets, now: () => 59_000 });

    // Act
    const hung = await connected.call('get_totp_code', { secret_name: 'prod/okta' });
    // A timeout that fired before the request went out leaves the hang queued: drop it.
    standIn.reset();
    const next = await connected.call('get_totp_code', { secret_name: 'prod/okta' });

    // Assess
    expect(hung.isError).toBe(true);
    expect(textOf(hung)).toBe(
      'Secrets Manager did not return secret prod/okta after 1 attempt (timed out)',
    );
    expect(next.structuredContent).toMatchObject({ code: CODE_AT_59 });
  });

  it('does not retry a denial', async () => {
    // Prepare
    standIn.failNext(1, {
      status: 400,
      body: { __type: 'AccessDeniedException', message: 'User is not authorized' },
    });
    connected = await connect({ secrets: source(), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', { secret_name: 'prod/okta' });

    // Assess
    expect(textOf(result)).toBe('Access to secret prod/okta was denied');
    expect(standIn.requests).toHaveLength(1);
  });

  it('reads from the region named by secret_region', async () => {
    // Prepare
    const secrets = source({ clientForRegion: (region) => client(region) });
    connected = await connect({ secrets, now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', {
      secret_name: 'prod/okta',
      secret_region: 'eu-west-1',
    });

    // Assess
    expect(result.structuredContent).toMatchObject({ code: CODE_AT_59 });
    expect(standIn.requests[0]?.headers.authorization).toContain('/eu-west-1/secretsmanager/');
  });

  it('refuses secret_region when it has no way to reach other regions', async () => {
    // Prepare
    connected = await connect({ secrets: source(), now: () => 59_000 });

    // Act
    const result = await connected.call('get_totp_code', {
      secret_name: 'prod/okta',
      secret_region: 'eu-west-1',
    });

    // Assess
    expect(textOf(result)).toBe('secret_region is not supported by this secret source');
    expect(standIn.requests).toHaveLength(0);
  });

  it('reuses a cached secret until its time to live has passed', async () => {
    // Prepare
    let now = 59_000;
    const secrets = new CachedSecretSource(source(), { ttlMs: 60_000, now: () => now });
    connected = await connect({ secrets, now: () => now });

    // Act
    await connected.call('get_totp_code', { secret_name: 'prod/okta' });
    await connected.call('get_totp_code', { secret_name: 'prod/okta' });
    const beforeExpiry = standIn.requests.length;
    now += 60_000;
    await connected.call('get_totp_code', { secret_name: 'prod/okta' });

    // Assess
    expect(beforeExpiry).toBe(1);
    expect(standIn.requests).toHaveLength(2);
  });

  it('does not cache failures', async () => {
    // Prepare
    standIn.failNext(1, { status: 500 });
    const secrets = new CachedSecretSource(source({ maxAttempts: 1 }), { ttlMs: 60_000 });
    connected = await connect({ secrets, now: () => 59_000 });

    // Act
    const failed = await connected.call('get_totp_code', { secret_name: 'prod/okta' });
    const retried = await connected.call('get_totp_code', { secret_name: 'prod/okta' });

    // Assess
    expect(failed.isError).toBe(true);
    expect(retried.structuredContent).toMatchObject({ code: CODE_AT_59 });
  });
});
