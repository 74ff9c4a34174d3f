import { type LocalRuntime, startLocalRuntime } from '@agentcore/local';
import * as requests from '@agentcore/service-requests';
import { type SnsStandIn, startSnsStandIn } from '@agentcore/stand-ins';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

let runtime: LocalRuntime;
let sns: SnsStandIn;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: 'lambda-env',
  });
  sns = await startSnsStandIn({ topics: ['approvals'] });
  // The AWS SDK reads service endpoints and credentials from the process environment, as on Lambda.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamoEndpoint,
    AWS_ENDPOINT_URL_SFN: runtime.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.url,
  });
}, 120_000);

afterAll(async () => {
  await sns?.close();
  await runtime?.stop();
});

describe('the request API composed from its Lambda environment', () => {
  it('records and starts a request with the same tables and state machine as the runtime', async () => {
    // Prepare
    const handler = requests.createHandler(
      requests.compose({
        ...process.env,
        AWS_REGION: 'us-east-1',
        TABLE_PREFIX: 'lambda-env',
        STATE_MACHINE_ARN: runtime.stateMachineArn,
      }),
    );

    // Act
    const submitted = (await handler({
      operation: 'submit',
      request: {
        requester: { userId: 'U_LAMBDA' },
        origin: { source: 'lambda' },
        toolCalls: [{ tool: 'gifs__search_gifs', arguments: { query: 'cat' } }],
      },
    })) as unknown as { ok: boolean; requestId: string };
    await runtime.settled(submitted.requestId);
    const status = (await handler({
      operation: 'get_request',
      requestId: submitted.requestId,
    })) as unknown as {
      request: { status: string };
    };

    // Assess
    expect(submitted.ok).toBe(true);
    expect(status.request.status).toBe('completed');
  });
});
