import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions, LogLevel } from '@aws-lambda-powertools/logger/types';
import { type InvocationKeys, RedactingLogFormatter } from './formatter.js';

/** Receives each log line (one JSON object, no newline) instead of stdout/stderr. */
export type LogSink = (line: string) => void;

export interface CreateLoggerOptions {
  serviceName: string;
  /** Defaults to POWERTOOLS_LOG_LEVEL / LOG_LEVEL, else INFO; Lambda's own log level wins over both. */
  level?: LogLevel;
  /** Where lines go; without one they go to stdout/stderr as Powertools writes them. */
  sink?: LogSink;
  /** Values redacted wherever they appear, from the first line on (more with `redactValue`). */
  redactValues?: Iterable<string>;
}

/** A Powertools Logger whose every line is redacted and carries the current invocation's keys. */
export interface ObservedLogger extends Logger {
  /** Redacts `value` wherever it appears, in this logger's lines and its children's, from now on. */
  redactValue(value: string): void;
  /**
   * Runs `fn` with `keys` on every line logged until it settles, across awaits, and only there:
   * concurrent invocations in one process (the local runtime) keep their own keys.
   */
  withInvocation<T>(keys: InvocationKeys, fn: () => T | Promise<T>): Promise<T>;
  /** Adds keys to the current invocation, e.g. the request id once it is known. None outside one. */
  appendInvocationKeys(keys: InvocationKeys): void;
  createChild(options?: ConstructorOptions): ObservedLogger;
}

export function createLogger(options: CreateLoggerOptions): ObservedLogger {
  const formatter = new RedactingLogFormatter(options.redactValues);
  const ObservedLoggerImpl = observedLoggerClass(formatter, options.sink);
  return new ObservedLoggerImpl({
    serviceName: options.serviceName,
    ...(options.level === undefined ? {} : { logLevel: options.level }),
    logFormatter: formatter,
  });
}

/**
 * The sink is closed over rather than kept in a field: Powertools can print from inside its
 * constructor (lines logged while it configures itself), before a subclass's fields exist.
 */
function observedLoggerClass(formatter: RedactingLogFormatter, sink: LogSink | undefined) {
  class ObservedLoggerImpl extends Logger implements ObservedLogger {
    redactValue(value: string): void {
      formatter.redactValue(value);
    }

    withInvocation<T>(keys: InvocationKeys, fn: () => T | Promise<T>): Promise<T> {
      return formatter.withInvocation(keys, fn);
    }

    appendInvocationKeys(keys: InvocationKeys): void {
      formatter.appendInvocationKeys(keys);
    }

    override createChild(options?: ConstructorOptions): ObservedLogger {
      return super.createChild(options) as ObservedLogger;
    }

    /** Children (`createChild`) keep the sink and the redacting formatter, whatever they are given. */
    protected override createLogger(options: ConstructorOptions = {}): Logger {
      return new ObservedLoggerImpl({
        ...options,
        logRecordOrder: undefined,
        logFormatter: formatter,
      });
    }

    protected override printLog(logLevel: number, log: LogItem): void {
      if (sink === undefined) {
        super.printLog(logLevel, log);
        return;
      }
      log.prepareForPrint();
      sink(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
    }
  }
  return ObservedLoggerImpl;
}
