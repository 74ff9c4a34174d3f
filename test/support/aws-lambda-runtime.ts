// The Lambda Node.js runtime's side of response streaming, and a Function URL in front of it, as
// far as a streaming handler can tell. On Lambda the runtime (aws-lambda-nodejs-runtime-interface-
// client) defines a global `awslambda`: `streamifyResponse(handler)` marks a handler as streaming,
// and the runtime then calls it with (event, responseStream, context), where responseStream is
// the body of an HTTP request to the Runtime API (content type application/octet-stream unless
// set before the first write). `HttpResponseStream.from(stream, prelude)` switches the content
// type to the HTTP integration type and, just before the first write, sends the JSON prelude
// (statusCode, headers, cookies) and 8 NUL bytes; the Function URL reads the prelude back into the
// status and headers of its answer and passes the rest on as the body, as it arrives.
import { Writable } from 'node:stream';

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';
const HTTP_INTEGRATION_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER_LENGTH = 8;

type StreamingHandler = (
  event: unknown,
  responseStream: ResponseStream,
  context: unknown,
) => Promise<unknown>;

/** The body of the runtime's response request: a Writable with a content type of its own. */
export class ResponseStream extends Writable {
  contentType = 'application/octet-stream';
  /** The runtime calls this once, just before the first chunk goes out (HttpResponseStream). */
  _onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => void) => void) | undefined;
  private started = false;

  constructor(
    private readonly onStart: (contentType: string) => void,
    private readonly onChunk: (chunk: Uint8Array) => void,
    private readonly onEnd: () => void,
  ) {
    super();
  }

  setContentType(contentType: string): void {
    if (this.started) throw new Error('Cannot set content-type, too late.');
    this.contentType = contentType;
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    // The runtime sends anything that is not text or bytes as JSON.
    const data =
      typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    this.start();
    return (super.write as (...args: unknown[]) => boolean)(data, encoding, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void) {
    this.onChunk(new Uint8Array(chunk));
    done();
  }

  override _final(done: (error?: Error) => void) {
    this.start();
    this.onEnd();
    done();
  }

  private start() {
    if (this.started) return;
    this.started = true;
    this.onStart(this.contentType);
    this._onBeforeFirstWrite?.((chunk) => {
      super.write(chunk);
    });
  }
}

/** What the runtime puts on `globalThis.awslambda`. */
const awslambda = {
  streamifyResponse(handler: StreamingHandler, options?: { highWaterMark?: number }) {
    Object.assign(handler, { [HANDLER_STREAMING]: STREAM_RESPONSE });
    if (typeof options?.highWaterMark === 'number') {
      Object.assign(handler, { [HANDLER_HIGH_WATER_MARK]: options.highWaterMark });
    }
    return handler;
  },
  HttpResponseStream: {
    from(stream: ResponseStream, prelude: Record<string, unknown>): ResponseStream {
      stream.setContentType(HTTP_INTEGRATION_TYPE);
      // JSON.stringify escapes any NUL, so the delimiter cannot occur inside the prelude.
      const metadata = JSON.stringify(prelude);
      stream._onBeforeFirstWrite = (write) => {
        write(metadata);
        write(new Uint8Array(DELIMITER_LENGTH));
      };
      return stream;
    },
  },
};

/** Defines `globalThis.awslambda` as the Lambda runtime does; returns how to remove it. */
export function installAwsLambdaRuntime(): () => void {
  const global = globalThis as { awslambda?: unknown };
  const before = global.awslambda;
  global.awslambda = awslambda;
  return () => {
    global.awslambda = before;
  };
}

/** A Lambda context object, as handlers receive it. */
export function lambdaContext(functionName: string) {
  const deadline = Date.now() + 15 * 60_000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/29/[$LATEST]0123456789abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function indexOfDelimiter(bytes: Uint8Array): number {
  let run = 0;
  for (let index = 0; index < bytes.length; index++) {
    run = bytes[index] === 0 ? run + 1 : 0;
    if (run === DELIMITER_LENGTH) return index - DELIMITER_LENGTH + 1;
  }
  return -1;
}

/**
 * Invokes a streaming handler the way the runtime does, behind a Function URL (invoke mode
 * RESPONSE_STREAM): resolves with the URL's answer as soon as its status and headers are known;
 * the body streams on while the handler writes.
 */
export function invokeFunctionUrl(
  handler: unknown,
  event: unknown,
  context: unknown,
): Promise<Response> {
  if ((handler as Record<symbol, unknown>)[HANDLER_STREAMING] !== STREAM_RESPONSE) {
    throw new Error(
      'the handler is not marked for response streaming (awslambda.streamifyResponse)',
    );
  }
  return new Promise<Response>((resolve, reject) => {
    let body!: ReadableStreamDefaultController<Uint8Array>;
    const rest = new ReadableStream<Uint8Array>({
      start: (controller) => {
        body = controller;
      },
    });
    let contentType = '';
    let pending = new Uint8Array(0);
    let answered = false;
    const answer = (response: Response) => {
      answered = true;
      resolve(response);
    };
    const stream = new ResponseStream(
      (type) => {
        contentType = type;
        // Without the integration type, the URL answers 200 with the stream's own type.
        if (type !== HTTP_INTEGRATION_TYPE) {
          answer(new Response(rest, { status: 200, headers: { 'content-type': type } }));
        }
      },
      (chunk) => {
        if (answered) {
          body.enqueue(chunk);
          return;
        }
        pending = Buffer.concat([pending, chunk]);
        const end = indexOfDelimiter(pending);
        if (contentType !== HTTP_INTEGRATION_TYPE || end < 0) return;
        const prelude = JSON.parse(Buffer.from(pending.subarray(0, end)).toString('utf8')) as {
          statusCode?: number;
          headers?: Record<string, string>;
          cookies?: string[];
        };
        const headers = new Headers(prelude.headers ?? {});
        for (const cookie of prelude.cookies ?? []) headers.append('set-cookie', cookie);
        const after = pending.subarray(end + DELIMITER_LENGTH);
        if (after.length > 0) body.enqueue(after);
        const status = prelude.statusCode ?? 200;
        // A null-body status cannot carry a stream (and the URL sends none).
        answer(new Response([204, 304].includes(status) ? null : rest, { status, headers }));
      },
      () => {
        if (!answered) reject(new Error('the stream ended before its prelude was complete'));
        else body.close();
      },
    );
    (handler as StreamingHandler)(event, stream, context).catch((error: unknown) => {
      if (!answered) reject(error);
      else body.error(error);
    });
  });
}
