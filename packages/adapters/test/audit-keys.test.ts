import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@agentcore/stand-ins';
import {
  AuditKeyError,
  auditKeyringText,
  generateAuditKeyring,
  rotateAuditKeyring,
} from '@agentcore/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAuditKeys, missingAuditKeys, secretsManagerAuditKeys } from '../src/index.js';

const LOCAL_TARGET = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

let dir: string;
let secrets: SecretsManagerStandIn;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audit-keys-'));
  secrets = await startSecretsManagerStandIn({ host: '127.0.0.1' });
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await secrets?.close();
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the key source to refuse');
  return outcome;
}

describe('the local audit key file', () => {
  it('is created on first start, owner-only, and read back the same by the next start', async () => {
    // Prepare
    const path = join(dir, 'first', 'audit.key');
    const startedAt = new Date('2026-11-29T12:00:00.000Z');

    // Act
    const first = await fileAuditKeys(path, () => startedAt)();
    const second = await fileAuditKeys(path)();

    // Assess
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(second.current.id).toBe(first.current.id);
    expect(second.current.secret.equals(first.current.secret)).toBe(true);
    expect(second.legacyBefore).toEqual(startedAt);
  });

  it('refuses a key file that other users may read, without printing the key', async () => {
    // Prepare
    const path = join(dir, 'open', 'audit.key');
    const keyring = await fileAuditKeys(path)();
    chmodSync(path, 0o644);

    // Act
    const error = await rejection(fileAuditKeys(path)());

    // Assess
    expect(error).toBeInstanceOf(AuditKeyError);
    expect(error.message).toContain('chmod 600');
    expect(error.message).not.toContain(keyring.current.secret.toString('base64'));
  });

  it('names what is wrong with a malformed key file, never its content', async () => {
    // Prepare
    const path = join(dir, 'malformed.key');
    const secretText = Buffer.alloc(8, 7).toString('base64');
    writeFileSync(path, JSON.stringify({ current: 'k1', keys: { k1: secretText } }), {
      mode: 0o600,
    });

    // Act
    const error = await rejection(fileAuditKeys(path)());

    // Assess
    expect(error.message).toContain('keys.k1: must be base64 of at least 32 bytes');
    expect(error.message).not.toContain(secretText);
    expect(readFileSync(path, 'utf8')).toContain(secretText);
  });
});

describe('the audit keyring in Secrets Manager', () => {
  it('is read once per cold start, by ARN, with every earlier key for verifying', async () => {
    // Prepare
    const keyring = rotateAuditKeyring(generateAuditKeyring());
    secrets.setSecret('agentcore/audit-key', auditKeyringText(keyring));
    const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:agentcore/audit-key-AbCdEf';
    secrets.reset();
    const source = secretsManagerAuditKeys({ ...LOCAL_TARGET, endpoint: secrets.url }, arn);

    // Act
    const first = await source();
    const second = await source();

    // Assess
    expect(secrets.requests).toHaveLength(1);
    expect(second).toBe(first);
    expect(first.current.id).toBe(keyring.current.id);
    expect([...first.keys.keys()].sort()).toEqual([...keyring.keys.keys()].sort());
  });

  it('says which secret could not be read, and tries again on the next use', async () => {
    // Prepare
    const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:agentcore/later-AbCdEf';
    const source = secretsManagerAuditKeys({ ...LOCAL_TARGET, endpoint: secrets.url }, arn);

    // Act
    const missing = await rejection(source());
    secrets.setSecret('agentcore/later', auditKeyringText(generateAuditKeyring()));
    const found = await source();

    // Assess
    expect(missing).toBeInstanceOf(AuditKeyError);
    expect(missing.message).toBe(
      `could not read the audit key secret ${arn} (ResourceNotFoundException)`,
    );
    expect(found.keys.size).toBe(1);
  });

  it('leaves a function without a configured key unable to MAC, saying what to set', async () => {
    // Act
    const error = await rejection(missingAuditKeys('api')());

    // Assess
    expect(error.message).toContain('set AUDIT_KEY_SECRET_ARN');
  });
});
