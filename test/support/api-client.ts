/** An answer of the request API: status, headers and the parsed JSON body. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The body as sent, for checks on what it must never contain. */
  text: string;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; requestId: string; issues?: { path: string }[] };
  };
}

/**
 * Calls the request API over HTTP as one key's holder (or nobody), the way a program would.
 * `onAnswer` sees every answer (a test collecting them all, say).
 */
export function apiClient(apiUrl: string, key?: string, onAnswer?: (answer: ApiAnswer) => void) {
  const send = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const answer: ApiAnswer = {
      status: response.status,
      headers: response.headers,
      text,
      body: text ? (JSON.parse(text) as ApiAnswer['body']) : {},
    };
    onAnswer?.(answer);
    return answer;
  };
  return {
    send,
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown = {}) => send('POST', path, body),
    delete: (path: string) => send('DELETE', path),
    /** Opens an event stream (GET, or POST with a body). */
    stream: (path: string, body?: unknown) =>
      fetch(`${apiUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          accept: 'text/event-stream',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
