import { JWT } from 'google-auth-library';
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
