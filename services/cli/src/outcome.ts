import { type ApiClient, ApiError, ConnectionError } from './api-client.js';
import { TargetError } from './target.js';

/** How a command ended: what to print, where, and the exit code. */
export interface Outcome {
  code: number;
  stdout?: string;
  stderr?: string;
}

/** Exit codes, as USAGE documents them. */
export const EXIT = { done: 0, failed: 1, usage: 2, notAllowed: 3 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Io {
  json: boolean;
  progress: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
  env: Record<string, string | undefined>;
}

/** What a command gets: the API as the chosen identity, and the terminal. */
export interface Context {
  api: () => ApiClient;
  io: Io;
}

/** A successful answer: the API's JSON with --json, the readable text otherwise. */
export function answer(io: Io, json: unknown, text: string, code: number = EXIT.done): Outcome {
  return { code, stdout: io.json ? JSON.stringify(json) : text };
}

function exitCodeOf(error: ApiError): number {
  if (error.status === 401 || error.status === 403) return EXIT.notAllowed;
  if (error.status === 400 && error.body.code === 'validation_failed') return EXIT.usage;
  return EXIT.failed;
}

function nextStep(error: ApiError): string | undefined {
  if (error.status === 401) {
    return 'check the key (a revoked or mistyped key is refused); locally, `npm start` rewrites .local/api-keys.json';
  }
  return undefined;
}

/** An error as the person at the terminal should see it; undefined for a bug of ours. */
export function errorOutcome(error: unknown, io: Io): Outcome | undefined {
  if (error instanceof UsageError) return { code: EXIT.usage, stderr: `error: ${error.message}` };
  if (error instanceof TargetError)
    return { code: error.exitCode, stderr: `error: ${error.message}` };
  if (error instanceof ConnectionError)
    return { code: EXIT.failed, stderr: `error: ${error.message}` };
  if (!(error instanceof ApiError)) return undefined;
  const code = exitCodeOf(error);
  if (io.json) return { code, stdout: JSON.stringify({ ok: false, error: error.body }) };
  const { message, issues, requestId } = error.body;
  const hint = nextStep(error);
  return {
    code,
    stderr: [
      `error: ${message}`,
      ...(issues ?? []).map((issue) => `  ${issue.path || '(input)'}: ${issue.message}`),
      ...(error.body.errors ?? []).map(
        (problem) =>
          `  ${problem.source}:${problem.line ?? 0}:${problem.column ?? 0}: ${problem.message}`,
      ),
      ...(hint ? [`  ${hint}`] : []),
      ...(requestId ? [`  (request id ${requestId})`] : []),
    ].join('\n'),
  };
}
