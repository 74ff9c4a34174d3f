/**
 * A passing infrastructure fault (throttling, a 5xx, a timeout, a dropped connection). Its name
 * is what the state machine's Retry matches, so keep it stable; callers get "try again", never
 * a domain answer.
 */
export class RetryableError extends Error {
  readonly code = 'retryable';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

// Error names the AWS services (and Node's network stack) use for faults that pass.
const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'InternalErrorException',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServiceException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);
// A cancelled DynamoDB transaction is transient when it lost a race or was throttled, and an
// expected outcome when a condition failed.
const TRANSIENT_CANCELLATIONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

interface FaultShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  CancellationReasons?: { Code?: unknown }[];
}

/** Whether an error is a passing fault worth another attempt (by its shape, not its class). */
export function isTransientFault(error: unknown): boolean {
  if (error instanceof RetryableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const fault = error as FaultShape;
  if (fault.name === 'TransactionCanceledException') {
    const codes = (fault.CancellationReasons ?? []).map((reason) => reason.Code);
    return (
      codes.some((code) => TRANSIENT_CANCELLATIONS.has(String(code))) &&
      !codes.includes('ConditionalCheckFailed')
    );
  }
  if (typeof fault.name === 'string' && TRANSIENT_NAMES.has(fault.name)) return true;
  if (typeof fault.code === 'string' && TRANSIENT_CODES.has(fault.code)) return true;
  const status = fault.$metadata?.httpStatusCode;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

/** Rethrows a transient fault as a RetryableError naming what failed; anything else unchanged. */
export function asRetryable(what: string, error: unknown): unknown {
  if (error instanceof RetryableError || !isTransientFault(error)) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new RetryableError(`${what} failed for a passing reason (${detail})`, { cause: error });
}

/**
 * An AWS SDK v3 middleware (add it at the `initialize` step, so it sees the outcome after the
 * SDK's own bounded retries) that turns what is still a transient fault into a RetryableError.
 */
export function retryableOnTransientFault(service: string) {
  return <Args, Result>(next: (args: Args) => Promise<Result>) =>
    async (args: Args): Promise<Result> => {
      try {
        return await next(args);
      } catch (error) {
        throw asRetryable(service, error);
      }
    };
}
