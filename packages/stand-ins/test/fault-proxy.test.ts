import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTransientFault } from '@agentcore/core';
import {
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AWS_FAULTS,
  type FaultProxy,
  type SnsStandIn,
  type StandIn,
  startFaultProxy,
  startSnsStandIn,
  startStandInServer,
} from '../src/index.js';

const region = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:approvals';
// Retries back off for real (the SDK's own delays); a few of them fit in this.
const RETRYING = { timeout: 15_000 };

let jsonTarget: StandIn;
let jsonProxy: FaultProxy;
let sns: SnsStandIn;
let snsProxy: FaultProxy;
let dynamoOnce: DynamoDBClient;
let dynamo: DynamoDBClient;
let sfnOnce: SFNClient;
let sfn: SFNClient;
let snsOnce: SNSClient;
let snsRetrying: SNSClient;

beforeAll(async () => {
  // DynamoDB and Step Functions both speak awsJson1.0, and `{}` is a valid answer to every
  // operation these tests call; the point is the proxy, not the service.
  jsonTarget = await startStandInServer({
    route: () => ({
      status: 200,
      bytes: { contentType: 'application/x-amz-json-1.0', data: new TextEncoder().encode('{}') },
    }),
    errorBody: (status) => ({ __type: 'InternalFailure', message: `status ${status}` }),
  });
  jsonProxy = await startFaultProxy({ target: jsonTarget.url });
  sns = await startSnsStandIn({ topics: ['approvals'] });
  snsProxy = await startFaultProxy({ target: sns.url });
  dynamoOnce = new DynamoDBClient({ region, credentials, endpoint: jsonProxy.url, maxAttempts: 1 });
  dynamo = new DynamoDBClient({ region, credentials, endpoint: jsonProxy.url });
  sfnOnce = new SFNClient({ region, credentials, endpoint: jsonProxy.url, maxAttempts: 1 });
  sfn = new SFNClient({ region, credentials, endpoint: jsonProxy.url });
  snsOnce = new SNSClient({ region, credentials, endpoint: snsProxy.url, maxAttempts: 1 });
  snsRetrying = new SNSClient({ region, credentials, endpoint: snsProxy.url });
});

afterEach(() => {
  jsonProxy.reset();
  snsProxy.reset();
  jsonTarget.reset();
  sns.reset();
});

afterAll(async () => {
  for (const client of [dynamoOnce, dynamo, sfnOnce, sfn, snsOnce, snsRetrying]) client.destroy();
  await Promise.all([jsonProxy.close(), snsProxy.close(), jsonTarget.close(), sns.close()]);
});

const transactWrite = (client: DynamoDBClient) =>
  client.send(
    new TransactWriteItemsCommand({
      TransactItems: [{ Put: { TableName: 'approvals', Item: { pk: { S: 'REQ#1' } } } }],
    }),
  );
const sendTaskSuccess = (client: SFNClient) =>
  client.send(new SendTaskSuccessCommand({ taskToken: 'token-1', output: '{}' }));
const publish = (client: SNSClient) =>
  client.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'approved' }));

async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

interface FaultCase {
  readonly fault: keyof typeof AWS_FAULTS;
  readonly operation: string;
  readonly call: () => Promise<unknown>;
  readonly proxy: () => FaultProxy;
  readonly name: string;
  readonly status: number;
}

const FAULT_CASES: readonly FaultCase[] = [
  {
    fault: 'dynamoDbThrottle',
    operation: 'DynamoDB.TransactWriteItems',
    call: () => transactWrite(dynamoOnce),
    proxy: () => jsonProxy,
    name: 'ProvisionedThroughputExceededException',
    status: 400,
  },
  {
    fault: 'dynamoDbThrottlingException',
    operation: 'DynamoDB.TransactWriteItems',
    call: () => transactWrite(dynamoOnce),
    proxy: () => jsonProxy,
    name: 'ThrottlingException',
    status: 400,
  },
  {
    fault: 'dynamoDbInternalServerError',
    operation: 'DynamoDB.TransactWriteItems',
    call: () => transactWrite(dynamoOnce),
    proxy: () => jsonProxy,
    name: 'InternalServerError',
    status: 500,
  },
  {
    fault: 'stepFunctionsInternalFailure',
    operation: 'StepFunctions.SendTaskSuccess',
    call: () => sendTaskSuccess(sfnOnce),
    proxy: () => jsonProxy,
    name: 'InternalFailure',
    status: 500,
  },
  {
    fault: 'stepFunctionsThrottling',
    operation: 'StepFunctions.SendTaskSuccess',
    call: () => sendTaskSuccess(sfnOnce),
    proxy: () => jsonProxy,
    name: 'ThrottlingException',
    status: 400,
  },
  {
    fault: 'snsInternalError',
    operation: 'SNS.Publish',
    call: () => publish(snsOnce),
    proxy: () => snsProxy,
    name: 'InternalErrorException',
    status: 500,
  },
  {
    fault: 'snsThrottling',
    operation: 'SNS.Publish',
    call: () => publish(snsOnce),
    proxy: () => snsProxy,
    name: 'Throttling',
    status: 400,
  },
  {
    fault: 'snsThrottled',
    operation: 'SNS.Publish',
    call: () => publish(snsOnce),
    proxy: () => snsProxy,
    name: 'ThrottledException',
    status: 429,
  },
];

describe('fault proxy: scripted faults as the real SDK clients see them', () => {
  it.each(FAULT_CASES)(
    '$fault on $operation surfaces as $name ($status), a transient fault',
    async ({ fault, operation, call, proxy, name, status }) => {
      // Prepare
      proxy().failNext(operation, 1, AWS_FAULTS[fault]);

      // Act
      const error = await rejectionOf(call());

      // Assess
      expect(error).toMatchObject({
        name,
        $metadata: { httpStatusCode: status, requestId: expect.any(String) },
      });
      expect(isTransientFault(error)).toBe(true);
      expect(proxy().calls(operation)).toBe(1);
      expect(jsonTarget.requests).toHaveLength(0);
      expect(sns.requests).toHaveLength(0);
    },
  );

  it('retries DynamoDB past 3 faults (4 attempts by default)', RETRYING, async () => {
    // Prepare
    jsonProxy.failNext('DynamoDB.TransactWriteItems', 3, AWS_FAULTS.dynamoDbInternalServerError);

    // Act
    await transactWrite(dynamo);

    // Assess
    expect(jsonProxy.calls('DynamoDB.TransactWriteItems')).toBe(4);
    expect(jsonTarget.requests).toHaveLength(1);
  });

  it('lets a throttled DynamoDB call through on its retry', RETRYING, async () => {
    // Prepare
    jsonProxy.failNext('DynamoDB.TransactWriteItems', 1, AWS_FAULTS.dynamoDbThrottle);

    // Act
    await transactWrite(dynamo);

    // Assess
    expect(jsonProxy.calls('DynamoDB.TransactWriteItems')).toBe(2);
    expect(jsonTarget.requests).toHaveLength(1);
  });

  it('retries SendTaskSuccess past 2 faults (3 attempts by default)', RETRYING, async () => {
    // Prepare
    jsonProxy.failNext('StepFunctions.SendTaskSuccess', 2, AWS_FAULTS.stepFunctionsInternalFailure);

    // Act
    await sendTaskSuccess(sfn);

    // Assess
    expect(jsonProxy.calls('StepFunctions.SendTaskSuccess')).toBe(3);
    expect(jsonTarget.requests.map((seen) => seen.headers['x-amz-target'])).toEqual([
      'AWSStepFunctions.SendTaskSuccess',
    ]);
  });

  it('publishes to SNS after two 500s, and gives up after three', RETRYING, async () => {
    // Prepare
    snsProxy.failNext('SNS.Publish', 2, AWS_FAULTS.snsInternalError);

    // Act
    await publish(snsRetrying);
    snsProxy.failNext('SNS.Publish', 3, AWS_FAULTS.snsInternalError);
    const error = await rejectionOf(publish(snsRetrying));

    // Assess
    expect(sns.requests).toHaveLength(1);
    expect(sns.published.at(-1)?.message).toBe('approved');
    expect(error).toMatchObject({ name: 'InternalErrorException', $metadata: { attempts: 3 } });
    expect(snsProxy.calls('SNS.Publish')).toBe(6);
  });

  it('forwards unscripted operations, signed and addressed as the client sent them', async () => {
    // Prepare
    jsonProxy.failNext('DynamoDB.TransactWriteItems', 1, AWS_FAULTS.dynamoDbThrottle);

    // Act
    await dynamoOnce.send(
      new GetItemCommand({ TableName: 'approvals', Key: { pk: { S: 'REQ#1' } } }),
    );
    await sfnOnce.send(new SendTaskHeartbeatCommand({ taskToken: 'token-1' }));
    const stillScripted = await rejectionOf(transactWrite(dynamoOnce));

    // Assess
    expect(jsonTarget.requests.map((seen) => seen.headers['x-amz-target'])).toEqual([
      'DynamoDB_20120810.GetItem',
      'AWSStepFunctions.SendTaskHeartbeat',
    ]);
    const [getItem] = jsonTarget.requests;
    expect(getItem?.headers.host).toBe(`127.0.0.1:${jsonProxy.port}`);
    expect(getItem?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\//);
    expect(JSON.parse(getItem?.body ?? '')).toEqual({
      TableName: 'approvals',
      Key: { pk: { S: 'REQ#1' } },
    });
    expect(jsonProxy.calls('DynamoDB.GetItem')).toBe(1);
    expect(jsonProxy.calls('StepFunctions.SendTaskHeartbeat')).toBe(1);
    expect(stillScripted).toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });

  it('counts only the operation a fault was scripted for', async () => {
    // Prepare
    snsProxy.failNext('SNS.CreateTopic', 1, AWS_FAULTS.snsThrottling);

    // Act
    await publish(snsOnce);

    // Assess
    expect(snsProxy.calls('SNS.Publish')).toBe(1);
    expect(snsProxy.calls('SNS.CreateTopic')).toBe(0);
    expect(sns.requests).toHaveLength(1);
  });
});

interface Captured {
  method?: string;
  url?: string;
  rawHeaders?: string[];
  body?: Buffer;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('fault proxy: forwarding', () => {
  let target: Server;
  let proxy: FaultProxy;
  const captured: Captured = {};
  const replyBody = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7b]);
  const replyHeaders = [
    'Content-Type',
    'application/octet-stream',
    'X-Amzn-RequestId',
    'reply-1',
    'X-Repeated',
    'one',
    'x-repeated',
    'two',
    'Content-Length',
    String(replyBody.length),
    'Connection',
    'keep-alive',
  ];

  beforeAll(async () => {
    target = createServer((incoming, response) => {
      void readAll(incoming).then((body) => {
        Object.assign(captured, {
          method: incoming.method,
          url: incoming.url,
          rawHeaders: incoming.rawHeaders,
          body,
        });
        response.sendDate = false;
        response.writeHead(418, 'Short And Stout', replyHeaders);
        response.end(replyBody);
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as AddressInfo;
    proxy = await startFaultProxy({ target: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => {
      target.close(() => resolve());
      target.closeAllConnections();
    });
  });

  it('passes method, path, headers and body through byte for byte, and the reply back', async () => {
    // Prepare
    const body = Buffer.from([0x7b, 0x00, 0xfe, 0x0a, 0x22, 0x7d]);
    const headers = [
      'Host',
      'dynamodb.us-east-1.amazonaws.com',
      'X-Amz-Target',
      'DynamoDB_20120810.PutItem',
      'Authorization',
      'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/dynamodb/aws4_request, Signature=00',
      'x-amz-date',
      '20261121T120000Z',
      'X-Repeated',
      'a',
      'x-repeated',
      'b',
      'Content-Length',
      String(body.length),
      'Connection',
      'keep-alive',
    ];

    // Act
    const reply = await new Promise<{ message: IncomingMessage; body: Buffer }>(
      (resolve, reject) => {
        const outgoing = request(
          { host: '127.0.0.1', port: proxy.port, method: 'PUT', path: '/a/b?c=d&c=e', headers },
          (message) => {
            void readAll(message).then((received) => resolve({ message, body: received }));
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      },
    );

    // Assess
    expect(captured).toEqual({ method: 'PUT', url: '/a/b?c=d&c=e', rawHeaders: headers, body });
    expect(reply.message.statusCode).toBe(418);
    expect(reply.message.statusMessage).toBe('Short And Stout');
    expect(reply.message.rawHeaders).toEqual(replyHeaders);
    expect(reply.body).toEqual(replyBody);
    expect(proxy.calls('DynamoDB.PutItem')).toBe(1);
  });
});
