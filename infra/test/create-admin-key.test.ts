import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTables, type DynamoDbLocal, LOCAL_AWS, startDynamoDbLocal } from '@agentcore/local';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@agentcore/stand-ins';
import {
  auditKeyringText,
  createDocumentClient,
  createStores,
  fixedAuditKeys,
  generateAuditKeyring,
  tableNames,
} from '@agentcore/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dev } from '../config/dev.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const run = promisify(execFile);
const keyring = generateAuditKeyring();

let dynamo: DynamoDbLocal;
let secrets: SecretsManagerStandIn;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  // The environment's keyring, where the deployed stack keeps it.
  secrets = await startSecretsManagerStandIn({
    secrets: { [`${dev.tablePrefix}/audit-keyring`]: auditKeyringText(keyring) },
  });
  const raw = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  await createTables(raw, tableNames(dev.tablePrefix));
  raw.destroy();
}, 60_000);

afterAll(async () => {
  await secrets?.close();
  await dynamo?.stop();
});

/** The operator's command, with the AWS endpoints pointed at the local stand-ins. */
function createAdminKey(args: string[], extraEnv: Record<string, string> = {}) {
  return run(
    process.execPath,
    ['--conditions=agentcore-source', '--import', 'tsx', 'infra/bin/create-admin-key.ts', ...args],
    {
      cwd: root,
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: LOCAL_AWS.region,
        AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        ...extraEnv,
      },
    },
  );
}

describe('create-admin-key', () => {
  it('stores the first admin key hashed, audited under the keyring, and prints it once', async () => {
    // Act
    const { stdout } = await createAdminKey([
      '--environment',
      'dev',
      '--user-id',
      'U0ADMIN01',
      '--name',
      'Ana Admin',
    ]);
    // Assess
    const token = stdout.trim();
    expect(token).toMatch(/^hitl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const documents = createDocumentClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
    const stores = createStores(documents, tableNames(dev.tablePrefix), fixedAuditKeys(keyring));
    const [stored] = await stores.apiKeys.list();
    expect(stored).toMatchObject({
      userId: 'U0ADMIN01',
      displayName: 'Ana Admin',
      roles: ['requester', 'approver', 'admin'],
    });
    // Only the secret's hash is kept, never the key.
    expect(JSON.stringify(stored)).not.toContain(token.split('_').at(-1));
    expect(await stores.audit.verify('api-keys')).toEqual({ ok: true, events: 1 });
    documents.destroy();
  });

  it('refuses to run without an environment, a user or a region', async () => {
    await expect(
      createAdminKey(['--environment', 'nowhere', '--user-id', 'U1']),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage:'),
    });
    await expect(createAdminKey(['--environment', 'dev'])).rejects.toMatchObject({ code: 2 });
    await expect(
      createAdminKey(['--environment', 'dev', '--user-id', 'U1'], { AWS_REGION: '' }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
