import { GoogleWorkspaceError, secretKeyProvider } from '@agentcore/google-workspace';
import { CLIENT_EMAIL, serviceAccountKey } from '@agentcore/google-workspace/testing';
import { SecretsManagerSecretSource } from '@agentcore/mcp-server-totp';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@agentcore/stand-ins';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGoogleAdminConfigured } from '../src/configured.js';
import { parseGoogleAdminConfig } from '../src/index.js';

describe('configuration', () => {
  it('is present only with an admin subject and a key source', () => {
    // Prepare
    const subject = { GOOGLE_ADMIN_SUBJECT: 'admin@example.com' };

    // Act
    const outcomes = [
      isGoogleAdminConfigured({}),
      isGoogleAdminConfigured(subject),
      isGoogleAdminConfigured({ ...subject, GOOGLE_SERVICE_ACCOUNT_KEY: ' ' }),
      isGoogleAdminConfigured({ ...subject, GOOGLE_SERVICE_ACCOUNT_KEY: '{}' }),
      isGoogleAdminConfigured({ ...subject, GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'google/sa' }),
    ];

    // Assess
    expect(outcomes).toEqual([false, false, false, true, true]);
  });

  it("defaults to Google's endpoints, my_customer and the seed's Amazon.Role", () => {
    // Act
    const config = parseGoogleAdminConfig({
      GOOGLE_ADMIN_SUBJECT: 'admin@example.com',
      GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'google/sa',
      AWS_REGION: 'eu-west-1',
    });

    // Assess
    expect(config).toEqual({
      subject: 'admin@example.com',
      key: {
        kind: 'secrets-manager',
        secretId: 'google/sa',
        region: 'eu-west-1',
        endpoint: undefined,
      },
      customerId: 'my_customer',
      domain: undefined,
      rootUrl: 'https://admin.googleapis.com/',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      roleSchema: 'Amazon',
      roleField: 'Role',
      timeoutMs: 10_000,
      maxRetries: 2,
    });
  });

  it('refuses two key sources, naming the variables and never their values', () => {
    // Prepare
    const key = serviceAccountKey();

    // Act
    const attempt = () =>
      parseGoogleAdminConfig({
        GOOGLE_ADMIN_SUBJECT: 'admin@example.com',
        GOOGLE_SERVICE_ACCOUNT_KEY: key.json,
        GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'google/sa',
      });

    // Assess
    expect(attempt).toThrow(
      'GOOGLE_SERVICE_ACCOUNT_KEY: set exactly one of GOOGLE_SERVICE_ACCOUNT_KEY and GOOGLE_SERVICE_ACCOUNT_SECRET_ID',
    );
    expect(attempt).not.toThrow('PRIVATE KEY');
  });
});

describe('service-account key in Secrets Manager', () => {
  let secrets: SecretsManagerStandIn;
  const key = serviceAccountKey();

  beforeAll(async () => {
    secrets = await startSecretsManagerStandIn({ secrets: { 'google/sa': key.json } });
  });

  afterAll(async () => {
    await secrets.close();
  });

  const source = () =>
    new SecretsManagerSecretSource({
      client: new SecretsManagerClient({
        region: 'us-east-1',
        endpoint: secrets.url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
      maxAttempts: 1,
    });

  it('reads the key file JSON from the secret', async () => {
    // Act
    const read = await secretKeyProvider(source(), 'google/sa')();

    // Assess
    expect(read).toEqual({
      clientEmail: CLIENT_EMAIL,
      privateKey: key.pem,
      privateKeyId: 'standin-key-1',
    });
  });

  it('says which secret is missing', async () => {
    // Act
    const failure = await secretKeyProvider(source(), 'google/missing')().catch((error) => error);

    // Assess
    expect(failure).toBeInstanceOf(GoogleWorkspaceError);
    expect(failure.message).toBe(
      'The service-account key could not be read: Secret google/missing was not found',
    );
  });
});
