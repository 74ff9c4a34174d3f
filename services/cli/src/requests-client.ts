import type { RequestApiEvent } from '@agentcore/workflow';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { Target } from './target.js';

/** The request API's answer to a caller (see toResponse in the workflow package). */
export type Answer<T> =
  | ({ ok: true } & T)
  | {
      ok: false;
      error: { code: string; message: string; issues?: { path: string; message: string }[] };
    };

export class InvokeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvokeError';
  }
}

/** Calls the request API function through the Lambda Invoke API, locally or on AWS alike. */
export class RequestsClient {
  private readonly lambda: LambdaClient;

  constructor(private readonly target: Target) {
    this.lambda = new LambdaClient({
      region: target.region,
      maxAttempts: 3,
      requestHandler: { requestTimeout: 30_000, connectionTimeout: 3_000 },
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      ...(target.local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
  }

  async call<T>(event: RequestApiEvent): Promise<Answer<T>> {
    let result: InvokeCommandOutput;
    try {
      result = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.target.requestsFunction,
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
    } catch (error) {
      const where = this.target.local ? 'the local runtime' : this.target.requestsFunction;
      throw new InvokeError(
        `could not reach ${where}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = Buffer.from(result.Payload ?? new Uint8Array()).toString('utf8');
    if (result.FunctionError) {
      const failure = JSON.parse(text || '{}') as { errorType?: string; errorMessage?: string };
      throw new InvokeError(
        `the request API failed (${failure.errorType ?? 'error'}): ${failure.errorMessage ?? ''}`,
      );
    }
    return JSON.parse(text) as Answer<T>;
  }

  close(): void {
    this.lambda.destroy();
  }
}
