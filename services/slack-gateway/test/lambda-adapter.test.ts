import { signSlackRequest } from '@agentcore/slack';
import { handle } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { gatewayHarness, interactionBody, SIGNING_SECRET } from './harness.js';

/** An API Gateway HTTP API (payload 2.0) event, the body base64-encoded as API Gateway may send it. */
function apiGatewayEvent(path: string, body: string, headers: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'slack.example.com', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'slack.example.com',
      domainPrefix: 'slack',
      http: {
        method: 'POST',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.1',
        userAgent: 'Slackbot 1.0',
      },
      requestId: 'gw-1',
      routeKey: `POST ${path}`,
      stage: '$default',
      time: '01/Jan/2030:00:00:00 +0000',
      timeEpoch: 1_893_456_000_000,
    },
    body: Buffer.from(body, 'utf8').toString('base64'),
    isBase64Encoded: true,
  };
}

/** What API Gateway gets back from the handler. */
interface LambdaAnswer {
  statusCode: number;
  body: string;
}

/** Invokes the Lambda handler as the runtime does (the context is not read). */
async function invoke(handler: ReturnType<typeof handle>, event: unknown): Promise<LambdaAnswer> {
  return (await handler(event as never, {} as never)) as LambdaAnswer;
}

describe('the gateway behind API Gateway', () => {
  it('verifies the bytes Slack signed when the body arrives base64-encoded', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const handler = handle(gateway.app);
    const body = JSON.stringify({ token: 't', challenge: 'from-lambda', type: 'url_verification' });
    const timestamp = String(Math.floor(gateway.clock.now().getTime() / 1000));
    const signature = signSlackRequest({ signingSecret: SIGNING_SECRET, rawBody: body, timestamp });
    const headers = { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp };
    // Act
    const signed = await invoke(
      handler,
      apiGatewayEvent('/slack/events', body, {
        ...headers,
        'x-slack-signature': signature,
      }),
    );
    const forged = await invoke(
      handler,
      apiGatewayEvent('/slack/events', body, {
        ...headers,
        'x-slack-signature': signSlackRequest({ signingSecret: 'guess', rawBody: body, timestamp }),
      }),
    );
    // Assess
    expect(signed.statusCode).toBe(200);
    expect(JSON.parse(signed.body)).toEqual({ challenge: 'from-lambda' });
    expect(forged.statusCode).toBe(401);
  });

  it('reads a base64 form body of an interaction as Slack sent it', async () => {
    // Prepare
    const gateway = gatewayHarness();
    const handler = handle(gateway.app);
    const body = interactionBody({
      type: 'block_actions',
      user: { id: 'U_APPROVER' },
      actions: [],
    });
    const timestamp = String(Math.floor(gateway.clock.now().getTime() / 1000));
    // Act
    const answer = await invoke(
      handler,
      apiGatewayEvent('/slack/interactivity', body, {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signSlackRequest({
          signingSecret: SIGNING_SECRET,
          rawBody: body,
          timestamp,
        }),
      }),
    );
    // Assess: verified, parsed, and refused as the malformed interaction it is (no actions)
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: 'invalid_payload' });
  });
});
