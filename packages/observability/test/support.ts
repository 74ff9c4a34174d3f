import { type CreateLoggerOptions, createLogger, type ObservedLogger } from '../src/index.js';

export interface CapturedLogger {
  logger: ObservedLogger;
  /** Every line written so far, as written. */
  lines: string[];
  /** Every line written so far, parsed. */
  entries(): Record<string, unknown>[];
}

export function capturedLogger(options: Partial<CreateLoggerOptions> = {}): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger({
    serviceName: 'approval',
    ...options,
    sink: (line) => lines.push(line),
  });
  return {
    logger,
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** A promise with its resolve function, to interleave concurrent invocations without sleeping. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
