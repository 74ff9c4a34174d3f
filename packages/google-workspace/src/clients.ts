import { JWT } from 'google-auth-library';
import { callGoogle, type RetryPolicy, retryPolicy } from './call.js';
import { GOOGLE_TOKEN_URL } from './config.js';
import type { ServiceAccountKeyProvider } from './credentials.js';

/** What a Google server's API adapter is built with; the edges (sleep, fetch) tests replace. */
export interface GoogleApiOptions {
  readonly key: ServiceAccountKeyProvider;
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

/** How many impersonated users' clients (and their cached tokens) are kept at once. */
const CLIENTS_KEPT = 50;

/**
 * API clients authorised by a service account with domain-wide delegation, one per impersonated
 * user (the JWT `subject`), so each keeps its own token. The least recently used is dropped past
 * 50; a client whose key could not be read is dropped at once, so the key is read again next time.
 */
export class ImpersonatedClients<Api> {
  private readonly clients = new Map<string, Promise<Api>>();

  constructor(
    private readonly options: Pick<GoogleApiOptions, 'key' | 'tokenUrl' | 'timeoutMs' | 'fetch'> & {
      readonly scopes: readonly string[];
      readonly build: (auth: JWT) => Api;
    },
  ) {}

  for(subject: string): Promise<Api> {
    const known = this.clients.get(subject);
    if (known) {
      // Most recently used last, so the oldest is the one dropped.
      this.clients.delete(subject);
      this.clients.set(subject, known);
      return known;
    }
    const created = this.create(subject);
    this.clients.set(subject, created);
    if (this.clients.size > CLIENTS_KEPT) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
    created.catch(() => {
      if (this.clients.get(subject) === created) this.clients.delete(subject);
    });
    return created;
  }

  private async create(subject: string): Promise<Api> {
    const key = await this.options.key();
    const baseFetch = this.options.fetch ?? fetch;
    const tokenUrl = this.options.tokenUrl;
    const auth = new JWT({
      email: key.clientEmail,
      key: key.privateKey,
      ...(key.privateKeyId === undefined ? {} : { keyId: key.privateKeyId }),
      scopes: [...this.options.scopes],
      subject,
      transporterOptions: {
        timeout: this.options.timeoutMs,
        // google-auth-library always posts to Google's token URL; a stand-in takes its place here.
        fetchImplementation: (input, init) =>
          baseFetch(String(input) === GOOGLE_TOKEN_URL ? tokenUrl : input, init),
      },
    });
    return this.options.build(auth);
  }
}

/** The options `ImpersonatedApi.call`'s `send` passes on to the client library. */
export interface CallOptions {
  readonly timeout: number;
  readonly retry: false;
}

/**
 * A Google API used as a given user (the admin a server acts as, or the person who asked), each
 * call made through `callGoogle`: a timeout per attempt and bounded retries counted in one place.
 */
export class ImpersonatedApi<Api> {
  private readonly clients: ImpersonatedClients<Api>;
  private readonly policy: RetryPolicy;

  /** `name` is the API's name in error messages ("Google Calendar API"). */
  constructor(
    name: string,
    options: GoogleApiOptions & {
      readonly scopes: readonly string[];
      readonly build: (auth: JWT, rootUrl: string) => Api;
    },
  ) {
    this.policy = retryPolicy(name, options);
    this.clients = new ImpersonatedClients({
      ...options,
      build: (auth) => options.build(auth, options.rootUrl),
    });
  }

  /**
   * Sends one call as `subject`. `idempotent` says whether a fault that may have reached Google
   * (5xx, timeouts) may be followed by another attempt; refusals that say the call was not
   * processed (rate limits) are always retried.
   */
  async call<T>(
    subject: string,
    idempotent: boolean,
    send: (api: Api, options: CallOptions) => Promise<{ data: T }>,
  ): Promise<T> {
    const api = await this.clients.for(subject);
    return callGoogle(this.policy, idempotent, (options) => send(api, options));
  }
}
