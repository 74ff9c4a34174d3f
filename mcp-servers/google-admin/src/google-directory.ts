import { setTimeout as sleepFor } from 'node:timers/promises';
import { admin, type admin_directory_v1 } from '@googleapis/admin';
import { JWT } from 'google-auth-library';
import { GOOGLE_TOKEN_URL } from './config.js';
import type { ServiceAccountKeyProvider } from './credentials.js';
import type { DirectoryUser, ListUsersParams, UserDirectory, UserPage } from './directory.js';
import { GoogleAdminError, type GoogleAdminErrorCode } from './errors.js';

/** The least the tools need: users (read, create, suspend, custom schemas) and 2SV turn-off. */
export const DIRECTORY_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user',
  'https://www.googleapis.com/auth/admin.directory.user.security',
] as const;

export interface GoogleDirectoryOptions {
  readonly key: ServiceAccountKeyProvider;
  /** The admin the service account acts as (domain-wide delegation). */
  readonly subject: string;
  readonly rootUrl: string;
  /** Where token requests go; Google's token URL unless a stand-in takes its place. */
  readonly tokenUrl: string;
  /** Per-attempt timeout, token requests included. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, for faults that pass (429, 5xx, rate-limit 403s, timeouts). */
  readonly maxRetries: number;
  /** First retry delay, doubled on each further retry; default 500 ms. */
  readonly backoffMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

interface Failure {
  readonly code: GoogleAdminErrorCode;
  readonly message: string;
  readonly retryable: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

function isTimeout(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const fields = record(current);
    const name = fields?.name;
    if (name === 'TimeoutError' || fields?.code === 'ETIMEDOUT') return true;
    if (name === 'AbortError' && String(fields?.message ?? '').includes('timeout')) return true;
    current = fields?.cause;
  }
  return false;
}

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const code = record(current)?.code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = record(current)?.cause;
  }
  return undefined;
}

/**
 * What a failed call means, in words taken from Google's answer: the Directory API's error
 * envelope, or the token endpoint's `{error, error_description}`. Built from the response body
 * alone, so nothing of the request (the signed assertion, the token) reaches the message.
 */
export function describeFailure(error: unknown, timeoutMs: number): Failure {
  if (error instanceof GoogleAdminError)
    return { ...error, message: error.message, retryable: false };
  const fields = record(error);
  const response = record(fields?.response);
  const status = typeof response?.status === 'number' ? response.status : undefined;
  if (status === undefined) {
    if (isTimeout(error)) {
      return {
        code: 'timeout',
        message: `Google did not answer within ${timeoutMs} ms`,
        retryable: true,
      };
    }
    const code = networkCode(error);
    return {
      code: 'unavailable',
      message: `Google could not be reached${code ? ` (${code})` : ''}`,
      retryable: code !== undefined,
    };
  }
  const data = record(response?.data);
  const oauthError = typeof data?.error === 'string' ? data.error : undefined;
  if (oauthError !== undefined) {
    const description =
      typeof data?.error_description === 'string' ? `: ${data.error_description}` : '';
    return {
      code: status >= 500 ? 'unavailable' : 'credentials',
      message: `Google refused the service account's token request (HTTP ${status}): ${oauthError}${description}`,
      retryable: status >= 500,
    };
  }
  const envelope = record(data?.error);
  const googleMessage =
    typeof envelope?.message === 'string' && envelope.message !== ''
      ? envelope.message
      : `HTTP ${status}`;
  const first = Array.isArray(envelope?.errors) ? record(envelope.errors[0]) : undefined;
  const reason = typeof first?.reason === 'string' ? first.reason : undefined;
  const text = `Google Admin API error (HTTP ${status}): ${googleMessage}`;
  if (
    status === 429 ||
    (status === 403 && reason !== undefined && RATE_LIMIT_REASONS.has(reason))
  ) {
    return { code: 'rate_limited', message: text, retryable: true };
  }
  if (status >= 500) return { code: 'unavailable', message: text, retryable: true };
  if (status === 404) return { code: 'not_found', message: text, retryable: false };
  if (status === 409) return { code: 'already_exists', message: text, retryable: false };
  if (status === 401 || status === 403)
    return { code: 'forbidden', message: text, retryable: false };
  return { code: 'rejected', message: text, retryable: false };
}

/**
 * The Directory API through `@googleapis/admin`, authorised by a service account with
 * domain-wide delegation (`google-auth-library` JWT). Each call has a timeout and bounded
 * retries of its own; the library's retries are off so that attempts stay counted in one place.
 */
export class GoogleDirectory implements UserDirectory {
  private api: Promise<admin_directory_v1.Admin> | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly backoffMs: number;

  constructor(private readonly options: GoogleDirectoryOptions) {
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms));
    this.backoffMs = options.backoffMs ?? 500;
  }

  async listUsers(params: ListUsersParams): Promise<UserPage> {
    const data = await this.call(true, (api, call) =>
      api.users.list(
        {
          ...(params.customer === undefined ? {} : { customer: params.customer }),
          ...(params.domain === undefined ? {} : { domain: params.domain }),
          maxResults: params.maxResults,
          orderBy: params.orderBy,
          ...(params.sortOrder === undefined ? {} : { sortOrder: params.sortOrder }),
          ...(params.query === undefined ? {} : { query: params.query }),
          ...(params.pageToken === undefined ? {} : { pageToken: params.pageToken }),
        },
        call,
      ),
    );
    return { users: data.users ?? [], nextPageToken: data.nextPageToken ?? undefined };
  }

  getUser(userKey: string, options: { readonly customSchema?: string } = {}) {
    return this.call(true, (api, call) =>
      api.users.get(
        options.customSchema === undefined
          ? { userKey, projection: 'full' }
          : { userKey, projection: 'custom', customFieldMask: options.customSchema },
        call,
      ),
    );
  }

  // A create is not repeated after a fault that may have reached Google (5xx, timeouts): only
  // refusals that say the request was not processed (429, rate-limit 403s) are retried.
  insertUser(user: DirectoryUser) {
    return this.call(false, (api, call) => api.users.insert({ requestBody: user }, call));
  }

  updateUser(userKey: string, patch: DirectoryUser) {
    return this.call(true, (api, call) => api.users.update({ userKey, requestBody: patch }, call));
  }

  async turnOffTwoStepVerification(userKey: string): Promise<void> {
    await this.call(true, (api, call) => api.twoStepVerification.turnOff({ userKey }, call));
  }

  private async call<T>(
    idempotent: boolean,
    send: (
      api: admin_directory_v1.Admin,
      call: { timeout: number; retry: false },
    ) => Promise<{ data: T }>,
  ): Promise<T> {
    const attempts = this.options.maxRetries + 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const api = await this.client();
        const response = await send(api, { timeout: this.options.timeoutMs, retry: false });
        return response.data;
      } catch (error) {
        const failure = describeFailure(error, this.options.timeoutMs);
        const mayRepeat = idempotent || failure.code === 'rate_limited';
        if (!failure.retryable || !mayRepeat || attempt >= attempts) {
          const tries = attempt === 1 ? '' : ` (after ${attempt} attempts)`;
          throw new GoogleAdminError(failure.code, `${failure.message}${tries}`);
        }
        await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private client(): Promise<admin_directory_v1.Admin> {
    if (!this.api) {
      const created = this.createClient();
      this.api = created;
      // A key that could not be read is read again on the next call.
      created.catch(() => {
        if (this.api === created) this.api = undefined;
      });
    }
    return this.api;
  }

  private async createClient(): Promise<admin_directory_v1.Admin> {
    const key = await this.options.key();
    const baseFetch = this.options.fetch ?? fetch;
    const tokenUrl = this.options.tokenUrl;
    const auth = new JWT({
      email: key.clientEmail,
      key: key.privateKey,
      ...(key.privateKeyId === undefined ? {} : { keyId: key.privateKeyId }),
      scopes: [...DIRECTORY_SCOPES],
      subject: this.options.subject,
      transporterOptions: {
        timeout: this.options.timeoutMs,
        // google-auth-library always posts to Google's token URL; a stand-in takes its place here.
        fetchImplementation: (input, init) =>
          baseFetch(String(input) === GOOGLE_TOKEN_URL ? tokenUrl : input, init),
      },
    });
    return admin({ version: 'directory_v1', auth, rootUrl: this.options.rootUrl });
  }
}
