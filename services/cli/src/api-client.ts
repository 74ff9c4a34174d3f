import type { Target } from './target.js';

/** The API's error answer: `{error: {code, message, issues?, requestId}}`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  /** An invalid policy's problems, where its author wrote them. */
  errors?: { source: string; line?: number; column?: number; message: string }[];
  requestId?: string;
}

/** The API answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

/** The API could not be reached, or did not answer in time. */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export interface HttpSettings {
  /** Per attempt; a stream's own deadline is the caller's. */
  timeoutMs: number;
  /** Further attempts after the first, on 429, 503 and connection failures. */
  retries: number;
  sleep: (ms: number) => Promise<void>;
  fetch: typeof fetch;
}

export const DEFAULT_HTTP: Omit<HttpSettings, 'sleep'> = {
  timeoutMs: 30_000,
  retries: 3,
  fetch: (input, init) => fetch(input, init),
};

/** The longest Retry-After we honour; a server asking for more gets this much. */
const MAX_RETRY_AFTER_MS = 30_000;

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /**
   * Safe to send again after a 503 or a lost connection: reads, and writes the API treats as
   * idempotent (a repeated decision by the same approver is handed over again, not doubled).
   * A submission is not: it is retried only when the API refused it outright (429) or the
   * connection was refused before anything was sent.
   */
  idempotent?: boolean;
  accept?: string;
}

function connectionCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code;
}

function retryAfterMs(response: Response, attempt: number): number {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  return backoffMs(attempt);
}

function backoffMs(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 4_000) + Math.floor(Math.random() * 100);
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: ApiErrorBody | undefined;
  try {
    body = (JSON.parse(text) as { error?: ApiErrorBody }).error;
  } catch {
    body = undefined;
  }
  return new ApiError(
    response.status,
    body ?? {
      code: `http_${response.status}`,
      message: `the API answered ${response.status} ${response.statusText}`.trim(),
      ...(response.headers.get('x-request-id')
        ? { requestId: response.headers.get('x-request-id') as string }
        : {}),
    },
  );
}

/** The request API over HTTP, as one key's holder. The key never leaves this object. */
export class ApiClient {
  constructor(
    private readonly target: Target,
    private readonly settings: HttpSettings,
  ) {}

  get where(): string {
    return this.target.label;
  }

  private url(path: string, query: CallOptions['query'] = {}): string {
    const url = new URL(path.replace(/^\//, ''), `${this.target.apiUrl.replace(/\/*$/, '')}/`);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /** Sends one call, retrying what may be retried, and returns the successful response. */
  async send(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const idempotent = options.idempotent ?? method === 'GET';
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.settings.retries;
      let response: Response;
      try {
        response = await this.settings.fetch(this.url(path, options.query), {
          method,
          headers: {
            authorization: `Bearer ${this.target.apiKey}`,
            accept: options.accept ?? 'application/json',
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(this.settings.timeoutMs),
        });
      } catch (error) {
        const code = connectionCode(error);
        const timedOut = (error as Error).name === 'TimeoutError';
        const nothingSent = code === 'ECONNREFUSED';
        if (!last && (idempotent || nothingSent)) {
          await this.settings.sleep(backoffMs(attempt));
          continue;
        }
        throw new ConnectionError(
          timedOut
            ? `${this.where} did not answer within ${this.settings.timeoutMs / 1000} s`
            : `could not reach ${this.where}: ${code ?? (error as Error).message}`,
        );
      }
      if (response.ok) return response;
      const retryable = response.status === 429 || (response.status === 503 && idempotent);
      if (!last && retryable) {
        await response.body?.cancel();
        await this.settings.sleep(retryAfterMs(response, attempt));
        continue;
      }
      throw await errorOf(response);
    }
  }

  /** One call whose answer is JSON. */
  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  /** Opens an event stream; the caller ends it with `signal`. No retries: the caller falls back. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await this.settings.fetch(this.url(path), {
        headers: {
          authorization: `Bearer ${this.target.apiKey}`,
          accept: 'text/event-stream',
        },
        signal,
      });
    } catch (error) {
      throw new ConnectionError(
        `could not follow the request at ${this.where}: ${connectionCode(error) ?? (error as Error).message}`,
      );
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }
}
