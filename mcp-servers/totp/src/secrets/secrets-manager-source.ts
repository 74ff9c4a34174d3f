import { setTimeout as sleepFor } from 'node:timers/promises';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretNotFoundError, SecretSourceUnavailableError, TotpError } from '../errors.js';
import type { SecretReadOptions, SecretSource } from './secret-source.js';

export interface SecretsManagerSecretSourceOptions {
  /**
   * The client for the default region. Build it with `maxAttempts: 1`: this adapter owns the
   * retries, so that timeouts and attempts stay bounded in one place.
   */
  readonly client: SecretsManagerClient;
  /** Client for a `secret_region`; without it, reads naming a region are refused. */
  readonly clientForRegion?: (region: string) => SecretsManagerClient;
  /** Per-attempt timeout; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Attempts per read, the first included; default 3. */
  readonly maxAttempts?: number;
  /** First retry delay, doubled on each further retry; default 200 ms. */
  readonly backoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const NOT_FOUND = new Set(['ResourceNotFoundException']);
const DENIED = new Set([
  'AccessDeniedException',
  'DecryptionFailure',
  'UnrecognizedClientException',
]);
const RETRYABLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalServiceError',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

interface ErrorFacts {
  name: string;
  status: number | undefined;
  retryable: boolean;
}

function factsOf(error: unknown): ErrorFacts {
  if (!(error instanceof Error))
    return { name: 'UnknownError', status: undefined, retryable: false };
  const metadata: unknown = Reflect.get(error, '$metadata');
  const status =
    metadata && typeof metadata === 'object' ? Reflect.get(metadata, 'httpStatusCode') : undefined;
  const code: unknown = Reflect.get(error, 'code');
  const sdkRetryable = Reflect.get(error, '$retryable') !== undefined;
  const numericStatus = typeof status === 'number' ? status : undefined;
  const retryable =
    sdkRetryable ||
    RETRYABLE.has(error.name) ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    (numericStatus !== undefined && (numericStatus === 429 || numericStatus >= 500));
  return { name: error.name, status: numericStatus, retryable };
}

/** Reads secrets from AWS Secrets Manager with a per-attempt timeout and bounded retries. */
export class SecretsManagerSecretSource implements SecretSource {
  private readonly regional = new Map<string, SecretsManagerClient>();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SecretsManagerSecretSourceOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.backoffMs = options.backoffMs ?? 200;
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms));
  }

  async readSecret(name: string, options: SecretReadOptions = {}): Promise<string> {
    const client = this.clientFor(options.region);
    let last: ErrorFacts | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        const output = await client.send(new GetSecretValueCommand({ SecretId: name }), {
          abortSignal: AbortSignal.timeout(this.timeoutMs),
        });
        if (output.SecretString !== undefined) return output.SecretString;
        // Binary secrets hold the same text (JSON or base32) as bytes.
        if (output.SecretBinary !== undefined)
          return Buffer.from(output.SecretBinary).toString('utf8');
        throw new TotpError('secret_not_found', `Secret ${name} has no value`);
      } catch (error) {
        if (error instanceof TotpError) throw error;
        const facts = factsOf(error);
        if (NOT_FOUND.has(facts.name)) throw new SecretNotFoundError(name);
        if (DENIED.has(facts.name)) {
          throw new TotpError('secret_access_denied', `Access to secret ${name} was denied`, {
            cause: error,
          });
        }
        if (!facts.retryable) {
          throw new SecretSourceUnavailableError(
            `Secrets Manager could not read secret ${name} (${facts.name})`,
            { cause: error },
          );
        }
        last = facts;
        if (attempt < this.maxAttempts) await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
    const reason =
      last?.name === 'AbortError' || last?.name === 'TimeoutError' ? 'timed out' : last?.name;
    const attempts = this.maxAttempts === 1 ? '1 attempt' : `${this.maxAttempts} attempts`;
    throw new SecretSourceUnavailableError(
      `Secrets Manager did not return secret ${name} after ${attempts} (${reason ?? 'unknown error'})`,
    );
  }

  private clientFor(region: string | undefined): SecretsManagerClient {
    if (region === undefined) return this.options.client;
    const factory = this.options.clientForRegion;
    if (!factory) {
      throw new TotpError(
        'unsupported_option',
        'secret_region is not supported by this secret source',
      );
    }
    let client = this.regional.get(region);
    if (!client) {
      client = factory(region);
      this.regional.set(region, client);
    }
    return client;
  }
}
