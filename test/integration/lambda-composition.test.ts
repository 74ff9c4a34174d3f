import { type LocalRuntime, startLocalRuntime } from '@agentcore/local';
import * as api from '@agentcore/service-api';
import {
  type SecretsManagerStandIn,
  type SnsStandIn,
  startSecretsManagerStandIn,
  startSnsStandIn,
} from '@agentcore/stand-ins';
import { auditKeyringText, fixedAuditKeys, generateAuditKeyring } from '@agentcore/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

let runtime: LocalRuntime;
let sns: SnsStandIn;
let secrets: SecretsManagerStandIn;
// One audit keyring: the runtime's functions hold it, the Lambda-composed API reads it from
// Secrets Manager, so both MAC the same chains.
const keyring = generateAuditKeyring();
const AUDIT_KEY_SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:agentcore/audit-key-AbCdEf';

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: 'lambda-env',
    auditKeys: fixedAuditKeys(keyring),
  });
  secrets = await startSecretsManagerStandIn({
    host: '127.0.0.1',
    secrets: { 'agentcore/audit-key': auditKeyringText(keyring) },
  });
  sns = await startSnsStandIn({ topics: ['approvals'] });
  // The AWS SDK reads service endpoints and credentials from the process environment, as on Lambda.
  // The run's credentials: its AWS APIs serve no others (DynamoDB Local and SNS take them too).
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: runtime.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: runtime.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamoEndpoint,
    AWS_ENDPOINT_URL_SFN: runtime.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  });
}, 120_000);

afterAll(async () => {
  await sns?.close();
  await secrets?.close();
  await runtime?.stop();
});

describe('the request API composed from its Lambda environment', () => {
  it('records and starts a request with the same tables and state machine as the runtime', async () => {
    // Prepare
    const app = api.createApp(
      api.compose({
        ...process.env,
        AWS_REGION: 'us-east-1',
        TABLE_PREFIX: 'lambda-env',
        STATE_MACHINE_ARN: runtime.stateMachineArn,
        AUDIT_KEY_SECRET_ARN,
      }),
    );
    const { key } = await runtime.issueApiKey({
      userId: 'U_LAMBDA',
      displayName: 'Lambda',
      roles: ['requester'],
    });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    // Act
    const submitted = await app.request('/requests', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        toolCalls: [{ tool: 'gifs__search_gifs', arguments: { query: 'cat' } }],
      }),
    });
    const { requestId } = (await submitted.json()) as { requestId: string };
    await runtime.settled(requestId);
    const status = await app.request(`/requests/${requestId}`, { headers });

    // Assess
    expect(submitted.status).toBe(202);
    expect(((await status.json()) as { request: { status: string } }).request.status).toBe(
      'completed',
    );
    expect(await runtime.stores.audit.verify(requestId)).toMatchObject({ ok: true });
  });
});
