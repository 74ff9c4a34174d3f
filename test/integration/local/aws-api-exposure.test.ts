import { Agent, request as httpRequest } from 'node:http';
import type { LookupFunction } from 'node:net';
import {
  AwsApiServer,
  InMemoryExecutionJournal,
  LOCAL_AWS,
  LocalFunctions,
  LocalStateMachine,
  runCredentials,
  TaskTokenBroker,
} from '@agentcore/local';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:exposure';
const executionArn = (name: string) =>
  `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;

let server: AwsApiServer;
let machine: LocalStateMachine;
let endpoint: string;
let port: string;
const credentials = runCredentials();
const invoked: unknown[] = [];
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  const functions = new LocalFunctions('us-east-1', '000000000000');
  functions.register('record', async (event) => {
    invoked.push(event);
    return { recorded: true };
  });
  const broker = new TaskTokenBroker();
  machine = new LocalStateMachine({
    stateMachineArn: STATE_MACHINE_ARN,
    definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } },
    functions,
    journal: new InMemoryExecutionJournal(),
    broker,
  });
  server = new AwsApiServer({ stateMachine: machine, broker, functions, credentials });
  endpoint = await server.listen();
  port = new URL(endpoint).port;
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await machine?.close();
  await server?.close();
});

type ClientOptions = {
  credentials?: { accessKeyId: string; secretAccessKey: string };
  endpoint?: string;
  agent?: Agent;
};

function sfnClient(options: ClientOptions = {}): SFNClient {
  const client = new SFNClient({
    region: LOCAL_AWS.region,
    credentials: options.credentials ?? credentials,
    endpoint: options.endpoint ?? endpoint,
    maxAttempts: 1,
    ...(options.agent ? { requestHandler: { httpAgent: options.agent } } : {}),
  });
  clients.push(client);
  return client;
}

function lambdaClient(options: ClientOptions = {}): LambdaClient {
  const client = new LambdaClient({
    region: LOCAL_AWS.region,
    credentials: options.credentials ?? credentials,
    endpoint: options.endpoint ?? endpoint,
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

/** Sets a header before the SDK signs, so the signature covers it: only that header differs. */
function withSignedHeader(client: SFNClient, name: string, value: string): SFNClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers[name] = value;
      return next(args);
    },
    { step: 'build', name: `set-${name}` },
  );
  return client;
}

/** Resolves every name to 127.0.0.1: what a DNS-rebinding page achieves for its own domain. */
const rebound: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

async function startAttempt(client: SFNClient, name: string) {
  return client
    .send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: '{}' }))
    .then(
      () => ({ status: 200, type: 'served' }),
      (error: { $metadata?: { httpStatusCode?: number }; name: string }) => ({
        status: error.$metadata?.httpStatusCode,
        type: error.name,
      }),
    );
}

/** Nothing was started under `name`. */
async function expectNoExecution(name: string) {
  await expect(
    sfnClient().send(new DescribeExecutionCommand({ executionArn: executionArn(name) })),
  ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
}

/** A plain HTTP request, as a browser page or a stranger's script would send it. */
function rawPost(
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; type: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', headers },
      (incoming) => {
        incoming.resume();
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            type: String(incoming.headers['x-amzn-errortype'] ?? ''),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('the local AWS APIs, to callers holding the run’s credentials', () => {
  it('serve Step Functions and Lambda Invoke through the unchanged SDK clients', async () => {
    // Act
    const started = await sfnClient().send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'served' }),
    );
    const invokedAnswer = await lambdaClient().send(
      new InvokeCommand({ FunctionName: 'record', Payload: Buffer.from('{"n":1}') }),
    );

    // Assess
    expect(started.executionArn).toBe(executionArn('served'));
    expect(JSON.parse(Buffer.from(invokedAnswer.Payload ?? []).toString('utf8'))).toEqual({
      recorded: true,
    });
    expect(invoked).toContainEqual({ n: 1 });
  });
});

describe('the local AWS APIs, to anyone else', () => {
  it('refuse a Host naming another server, as a DNS-rebinding page sends it', async () => {
    // Prepare: a correctly signed request whose only fault is the name it was sent to.
    const agent = new Agent({ lookup: rebound });
    const page = sfnClient({ endpoint: `http://rebound.example:${port}`, agent });

    // Act
    const answer = await startAttempt(page, 'foreign-host');
    agent.destroy();

    // Assess
    expect(answer).toEqual({ status: 403, type: 'AccessDeniedException' });
    await expectNoExecution('foreign-host');
  });

  it('refuse a request with an Origin header', async () => {
    const answer = await startAttempt(
      withSignedHeader(sfnClient(), 'origin', 'https://attacker.example'),
      'with-origin',
    );

    expect(answer).toEqual({ status: 403, type: 'AccessDeniedException' });
    await expectNoExecution('with-origin');
  });

  it('refuse a text/plain body, what a cross-origin "simple" request carries', async () => {
    const answer = await startAttempt(
      withSignedHeader(sfnClient(), 'content-type', 'text/plain;charset=UTF-8'),
      'text-plain',
    );

    expect(answer).toEqual({ status: 415, type: 'UnsupportedMediaTypeException' });
    await expectNoExecution('text-plain');
  });

  it('refuse an unsigned request and one signed with other credentials', async () => {
    // Prepare
    const body = JSON.stringify({ stateMachineArn: STATE_MACHINE_ARN, name: 'unsigned' });
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AWSStepFunctions.StartExecution',
    };
    const guessedKey = { ...credentials, secretAccessKey: runCredentials().secretAccessKey };

    // Act
    const unsigned = await rawPost('/', headers, body);
    const stranger = await startAttempt(sfnClient({ credentials: runCredentials() }), 'stranger');
    const defaults = await startAttempt(sfnClient({ credentials: LOCAL_AWS.credentials }), 'local');
    const wrongSecret = await startAttempt(sfnClient({ credentials: guessedKey }), 'wrong-secret');
    const invoke = await lambdaClient({ credentials: runCredentials() })
      .send(new InvokeCommand({ FunctionName: 'record', Payload: Buffer.from('{"n":2}') }))
      .catch((error: { $metadata: { httpStatusCode?: number } }) => error.$metadata);

    // Assess
    expect(unsigned).toEqual({ status: 403, type: 'MissingAuthenticationTokenException' });
    expect(stranger).toEqual({ status: 403, type: 'UnrecognizedClientException' });
    expect(defaults).toEqual({ status: 403, type: 'UnrecognizedClientException' });
    expect(wrongSecret).toEqual({ status: 403, type: 'InvalidSignatureException' });
    expect(invoke).toMatchObject({ httpStatusCode: 403 });
    for (const name of ['unsigned', 'stranger', 'local', 'wrong-secret']) {
      await expectNoExecution(name);
    }
    expect(invoked).not.toContainEqual({ n: 2 });
  });

  it('refuse a signed request whose body was changed after signing', async () => {
    // Prepare: the signature was made for another execution name than the body now carries.
    const client = sfnClient();
    type Next = (args: { request: unknown }) => Promise<unknown>;
    const swapBody = (next: Next) => async (args: { request: unknown }) => {
      const request = args.request as { body: string | Uint8Array };
      const signed =
        request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body;
      request.body = signed.replace('"signed-for"', '"swapped-in"');
      return next(args);
    };
    client.middlewareStack.addRelativeTo(
      swapBody as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0],
      { relation: 'after', toMiddleware: 'awsAuthMiddleware', name: 'swap-body' },
    );

    // Act
    const answer = await startAttempt(client, 'signed-for');

    // Assess
    expect(answer).toEqual({ status: 403, type: 'InvalidSignatureException' });
    await expectNoExecution('swapped-in');
    await expectNoExecution('signed-for');
  });
});
