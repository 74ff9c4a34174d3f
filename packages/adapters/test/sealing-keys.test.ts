import { randomBytes } from 'node:crypto';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@agentcore/stand-ins';
import { InvalidSealingKeyError, SealingKey } from '@agentcore/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretReadError, sealingKeySource } from '../src/index.js';

const LOCAL_TARGET = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
const CONTEXT = 'request\nsealed\nU_ALICE\ntotp__get_totp_code';

let secrets: SecretsManagerStandIn;

beforeAll(async () => {
  secrets = await startSecretsManagerStandIn({ host: '127.0.0.1' });
});

afterAll(async () => {
  await secrets?.close();
});

function arnOf(name: string): string {
  return `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the key source to refuse');
  return outcome;
}

describe('the sealing key of a deployed function', () => {
  it('is derived from the secret its ARN names, read once per cold start, and opens what it sealed', async () => {
    // Prepare: the random text Secrets Manager generates for the stack
    const text = randomBytes(48).toString('base64url');
    secrets.setSecret('agentcore/sealing', text);
    secrets.reset();
    const source = sealingKeySource(
      { ...LOCAL_TARGET, endpoint: secrets.url },
      { SEALED_OUTPUT_SECRET_ARN: arnOf('agentcore/sealing') },
    );

    // Act
    const sealing = await source?.();
    const opening = await source?.();
    const sealed = sealing?.seal('123456', CONTEXT);

    // Assess
    expect(secrets.requests).toHaveLength(1);
    expect(sealed && opening?.open(sealed, CONTEXT)).toBe('123456');
    // Another function reading the same secret derives the same key
    const elsewhere = SealingKey.fromSecretText(text);
    expect(sealed && elsewhere.open(sealed, CONTEXT)).toBe('123456');
  });

  it('refuses secret text too short to be a key, and names the secret, never its text, when it cannot be read', async () => {
    // Prepare
    secrets.setSecret('agentcore/short', 'hunter2');
    const short = sealingKeySource(
      { ...LOCAL_TARGET, endpoint: secrets.url },
      { SEALED_OUTPUT_SECRET_ARN: arnOf('agentcore/short') },
    );
    const missing = sealingKeySource(
      { ...LOCAL_TARGET, endpoint: secrets.url },
      { SEALED_OUTPUT_SECRET_ARN: arnOf('agentcore/absent') },
    );

    // Act
    const tooShort = await rejection(short?.() ?? Promise.resolve());
    const unreadable = await rejection(missing?.() ?? Promise.resolve());

    // Assess
    expect(tooShort).toBeInstanceOf(InvalidSealingKeyError);
    expect(tooShort.message).not.toContain('hunter2');
    expect(unreadable).toBeInstanceOf(SecretReadError);
    expect(unreadable.message).toBe(
      `could not read the sealing key secret ${arnOf('agentcore/absent')} (ResourceNotFoundException)`,
    );
  });

  it('tries the secret again after a failed read', async () => {
    // Prepare
    const source = sealingKeySource(
      { ...LOCAL_TARGET, endpoint: secrets.url },
      { SEALED_OUTPUT_SECRET_ARN: arnOf('agentcore/later') },
    );
    await rejection(source?.() ?? Promise.resolve());
    secrets.setSecret('agentcore/later', randomBytes(48).toString('base64url'));

    // Act
    const key = await source?.();

    // Assess
    expect(key).toBeInstanceOf(SealingKey);
  });

  it('is the local key when only that is set, and absent when nothing is', async () => {
    // Prepare
    const local = SealingKey.generate();
    const sealed = local.seal('654321', CONTEXT);
    const base64 = randomBytes(32).toString('base64');

    // Act
    const fromLocal = await sealingKeySource(LOCAL_TARGET, { SEALED_OUTPUT_SECRET: base64 })?.();
    const none = sealingKeySource(LOCAL_TARGET, {});

    // Assess
    expect(fromLocal).toBeInstanceOf(SealingKey);
    expect(fromLocal?.open(sealed, CONTEXT)).toBeUndefined();
    expect(none).toBeUndefined();
  });
});
