import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { FunctionError, type LocalFunctions, UnknownFunctionError } from './local-functions.js';
import { type LocalStateMachine, StepFunctionsError } from './local-state-machine.js';
import { type LocalCredentials, verifySignature } from './sigv4.js';
import { type TaskTokenBroker, TaskTokenError } from './task-token-broker.js';

const MAX_BODY_BYTES = 6 * 1024 * 1024;

class BadRequest extends Error {
  constructor(
    readonly awsType: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest('RequestEntityTooLargeException', 'request body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const epochSeconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);

const StartSchema = z.object({
  stateMachineArn: z.string(),
  name: z.string().optional(),
  input: z.string().default('{}'),
});
const ArnSchema = z.object({ executionArn: z.string() });
const StopSchema = ArnSchema.extend({ error: z.string().optional(), cause: z.string().optional() });
const SuccessSchema = z.object({ taskToken: z.string().min(1), output: z.string() });
const FailureSchema = z.object({
  taskToken: z.string().min(1),
  error: z.string().optional(),
  cause: z.string().optional(),
});
const HeartbeatSchema = z.object({ taskToken: z.string().min(1) });

function parseJson<S extends z.ZodType>(schema: S, body: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(body || '{}');
  } catch {
    throw new BadRequest('SerializationException', 'body is not JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new BadRequest('ValidationException', z.prettifyError(result.error));
  return result.data;
}

/** What the AWS SDK sends: JSON protocols, and the Lambda Invoke payload as bytes. */
const SDK_CONTENT_TYPES = new Set([
  'application/x-amz-json-1.0',
  'application/x-amz-json-1.1',
  'application/json',
  'application/octet-stream',
]);

/** A request refused before it reaches any operation. */
interface Refusal {
  status: number;
  awsType: string;
  message: string;
}

export interface AwsApiServerDeps {
  stateMachine: LocalStateMachine;
  broker: TaskTokenBroker;
  functions: LocalFunctions;
  /** This run's credentials: only requests signed with them are served. */
  credentials: LocalCredentials;
  /** The clock signatures are checked against. */
  now?: () => number;
}

/**
 * The subset of the Step Functions API (JSON 1.0) and the Lambda Invoke API that we use, on
 * loopback, so every caller uses @aws-sdk/client-sfn and client-lambda exactly as on AWS.
 *
 * Loopback alone does not keep a web page out: a page can POST to 127.0.0.1 as a "simple"
 * request, or rebind its own name to 127.0.0.1. So only requests naming this server in `Host`,
 * without a browser's `Origin`, with a content type the SDK sends, and signed with this run's
 * credentials are served.
 */
export class AwsApiServer {
  private server: Server | undefined;
  private readonly acceptedHosts = new Set<string>();

  constructor(private readonly deps: AwsApiServerDeps) {}

  async listen(port = 0): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.acceptHostOf(url);
    return url;
  }

  /**
   * Also serves requests addressed to `url`'s port on loopback: a proxy in front of this server
   * passes on the `Host` its clients signed.
   */
  acceptHostOf(url: string): void {
    const { port } = new URL(url);
    this.acceptedHosts.add(`127.0.0.1:${port}`);
    this.acceptedHosts.add(`localhost:${port}`);
  }

  private refusal(request: IncomingMessage, body: Buffer): Refusal | undefined {
    const host = String(request.headers.host ?? '').toLowerCase();
    if (!this.acceptedHosts.has(host)) {
      return {
        status: 403,
        awsType: 'AccessDeniedException',
        message: `Host ${host || '(none)'} is not this server: use ${[...this.acceptedHosts][0]}`,
      };
    }
    if (request.headers.origin !== undefined) {
      return {
        status: 403,
        awsType: 'AccessDeniedException',
        message: 'requests from a browser (with an Origin header) are not served',
      };
    }
    const contentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (!contentType || !SDK_CONTENT_TYPES.has(contentType)) {
      return {
        status: 415,
        awsType: 'UnsupportedMediaTypeException',
        message: `content type ${contentType || '(none)'} is not served: send ${[...SDK_CONTENT_TYPES].join(', ')}`,
      };
    }
    const unsigned = verifySignature(
      { method: request.method ?? '', url: request.url ?? '/', headers: request.headers, body },
      this.deps.credentials,
      (this.deps.now ?? Date.now)(),
    );
    return unsigned && { status: 403, ...unsigned };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const bytes = await readBody(request);
      const refused = this.refusal(request, bytes);
      if (refused) {
        this.sendRefusal(response, refused);
        return;
      }
      const body = bytes.toString('utf8');
      const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(
        request.url?.split('?')[0] ?? '',
      );
      if (request.method === 'POST' && invoke?.[1]) {
        await this.invokeFunction(decodeURIComponent(invoke[1]), body, request, response);
        return;
      }
      const target = String(request.headers['x-amz-target'] ?? '');
      if (request.method === 'POST' && target.startsWith('AWSStepFunctions.')) {
        const result = await this.stepFunctions(target.slice('AWSStepFunctions.'.length), body);
        response
          .writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
          .end(JSON.stringify(result));
        return;
      }
      throw new BadRequest(
        'UnknownOperationException',
        `unsupported request ${request.method} ${request.url}`,
      );
    } catch (error) {
      this.sendError(response, error);
    }
  }

  private async stepFunctions(operation: string, body: string): Promise<unknown> {
    const { stateMachine, broker } = this.deps;
    switch (operation) {
      case 'StartExecution': {
        const input = parseJson(StartSchema, body);
        if (input.stateMachineArn !== stateMachine.stateMachineArn) {
          throw new BadRequest(
            'StateMachineDoesNotExist',
            `State Machine Does Not Exist: '${input.stateMachineArn}'`,
          );
        }
        const record = stateMachine.start(input.name ?? crypto.randomUUID(), input.input);
        return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
      }
      case 'DescribeStateMachine': {
        const input = parseJson(z.object({ stateMachineArn: z.string() }), body);
        if (input.stateMachineArn !== stateMachine.stateMachineArn) {
          throw new BadRequest(
            'StateMachineDoesNotExist',
            `State Machine Does Not Exist: '${input.stateMachineArn}'`,
          );
        }
        return {
          stateMachineArn: stateMachine.stateMachineArn,
          name: stateMachine.stateMachineArn.split(':').at(-1),
          status: 'ACTIVE',
          type: 'STANDARD',
        };
      }
      case 'DescribeExecution': {
        const record = stateMachine.describe(parseJson(ArnSchema, body).executionArn);
        return {
          executionArn: record.executionArn,
          stateMachineArn: stateMachine.stateMachineArn,
          name: record.name,
          status: record.status,
          input: record.input,
          output: record.output,
          error: record.error,
          cause: record.cause,
          startDate: epochSeconds(record.startDate),
          stopDate: epochSeconds(record.stopDate),
        };
      }
      case 'StopExecution': {
        const input = parseJson(StopSchema, body);
        const record = await stateMachine.stop(input.executionArn, input.error, input.cause);
        return { stopDate: epochSeconds(record.stopDate) ?? Date.now() / 1000 };
      }
      case 'SendTaskSuccess': {
        const input = parseJson(SuccessSchema, body);
        broker.succeed(input.taskToken, parseJson(z.json(), input.output));
        return {};
      }
      case 'SendTaskFailure': {
        const input = parseJson(FailureSchema, body);
        broker.fail(input.taskToken, input.error ?? '', input.cause ?? '');
        return {};
      }
      case 'SendTaskHeartbeat': {
        broker.heartbeat(parseJson(HeartbeatSchema, body).taskToken);
        return {};
      }
      default:
        throw new BadRequest(
          'UnknownOperationException',
          `operation ${operation} is not served locally`,
        );
    }
  }

  private async invokeFunction(
    name: string,
    body: string,
    request: IncomingMessage,
    response: ServerResponse,
  ) {
    const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    let payload: unknown;
    try {
      payload = body ? JSON.parse(body) : {};
    } catch {
      throw new BadRequest(
        'InvalidRequestContentException',
        'Could not parse request body into json',
      );
    }
    if (!this.deps.functions.has(name)) throw new UnknownFunctionError(name);
    if (type === 'Event') {
      // Asynchronous invoke: accepted now, run in the background; failures are the handler's to record.
      void this.deps.functions.invoke(name, payload).catch(() => undefined);
      response.writeHead(202).end();
      return;
    }
    try {
      const result = await this.deps.functions.invoke(name, payload);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error) {
      if (!(error instanceof FunctionError)) throw error;
      response
        .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
        .end(
          JSON.stringify({
            errorType: error.errorType,
            errorMessage: error.errorMessage,
            trace: [],
          }),
        );
    }
  }

  private sendRefusal(response: ServerResponse, { status, awsType, message }: Refusal) {
    response
      .writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-errortype': awsType,
      })
      .end(JSON.stringify({ __type: awsType, message }));
  }

  private sendError(response: ServerResponse, error: unknown) {
    const known =
      error instanceof BadRequest ||
      error instanceof StepFunctionsError ||
      error instanceof TaskTokenError;
    const type = known
      ? (error as { awsType: string }).awsType
      : error instanceof UnknownFunctionError
        ? 'ResourceNotFoundException'
        : 'InternalFailure';
    const status = type === 'ResourceNotFoundException' ? 404 : known ? 400 : 500;
    const message =
      known || error instanceof UnknownFunctionError ? (error as Error).message : 'internal error';
    response
      .writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type })
      .end(JSON.stringify({ __type: type, message }));
  }
}
