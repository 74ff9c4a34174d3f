import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../src/index.js';

const SIGNED = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=00',
  'content-type': 'application/x-amz-json-1.1',
};

const SecretValueSchema = z.object({
  ARN: z.string(),
  Name: z.string(),
  SecretString: z.string().optional(),
  SecretBinary: z.string().optional(),
  VersionStages: z.array(z.string()),
});
const AwsErrorSchema = z.object({ __type: z.string(), message: z.string() });

async function call<S extends z.ZodType>(
  url: string,
  schema: S,
  body: unknown,
  headers: Record<string, string> = { ...SIGNED, 'x-amz-target': 'secretsmanager.GetSecretValue' },
) {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: schema.parse(await response.json()) };
}

describe('Secrets Manager stand-in', () => {
  let standIn: SecretsManagerStandIn;

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn({
      region: 'eu-west-1',
      secrets: { 'app/text': 'hello', 'app/bytes': new Uint8Array([1, 2, 3]) },
    });
  });

  afterEach(() => {
    standIn.reset();
  });

  afterAll(async () => {
    await standIn.close();
  });

  it('answers GetSecretValue with SecretString, by name or by ARN', async () => {
    // Act
    const byName = await call(standIn.url, SecretValueSchema, { SecretId: 'app/text' });
    const byArn = await call(standIn.url, SecretValueSchema, { SecretId: byName.body.ARN });

    // Assess
    expect(byName.body).toMatchObject({
      Name: 'app/text',
      SecretString: 'hello',
      VersionStages: ['AWSCURRENT'],
    });
    expect(byName.body.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:app\/text-/);
    expect(byArn.body.SecretString).toBe('hello');
  });

  it('answers binary secrets as base64 SecretBinary', async () => {
    // Act
    const { body } = await call(standIn.url, SecretValueSchema, { SecretId: 'app/bytes' });

    // Assess
    expect(body.SecretBinary).toBe('AQID');
    expect(body.SecretString).toBeUndefined();
  });

  it('sees secrets set and deleted after start', async () => {
    // Prepare
    standIn.setSecret('app/new', 'fresh');

    // Act
    const created = await call(standIn.url, SecretValueSchema, { SecretId: 'app/new' });
    standIn.deleteSecret('app/new');
    const deleted = await call(standIn.url, AwsErrorSchema, { SecretId: 'app/new' });

    // Assess
    expect(created.body.SecretString).toBe('fresh');
    expect(deleted.body.__type).toBe('ResourceNotFoundException');
  });

  it.each([
    [{ SecretId: 'missing' }, SIGNED, 400, 'ResourceNotFoundException'],
    [{ Nope: 1 }, SIGNED, 400, 'ValidationException'],
    [
      { SecretId: 'app/text' },
      { 'x-amz-target': 'secretsmanager.GetSecretValue' },
      403,
      'MissingAuthenticationTokenException',
    ],
  ])('answers %o with an awsJson error', async (body, headers, status, type) => {
    // Act
    const response = await call(standIn.url, AwsErrorSchema, body, {
      'x-amz-target': 'secretsmanager.GetSecretValue',
      ...headers,
    });

    // Assess
    expect(response.status).toBe(status);
    expect(response.body.__type).toBe(type);
  });

  it('refuses other operations', async () => {
    // Act
    const response = await call(
      standIn.url,
      AwsErrorSchema,
      {},
      {
        ...SIGNED,
        'x-amz-target': 'secretsmanager.DeleteSecret',
      },
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe('UnknownOperationException');
  });

  it('scripts throttling with the AWS error type', async () => {
    // Prepare
    standIn.failNext(1, { status: 429 });

    // Act
    const response = await call(standIn.url, AwsErrorSchema, { SecretId: 'app/text' });

    // Assess
    expect(response.status).toBe(429);
    expect(response.body.__type).toBe('ThrottlingException');
    expect(standIn.requests[0]?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
  });
});
