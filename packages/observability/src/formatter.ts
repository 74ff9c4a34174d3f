import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Redactor } from './redaction.js';

/** Keys that tie a line to the invocation it was written in. */
export interface InvocationKeys {
  /** Our request id (the ULID), not Lambda's. */
  requestId?: string;
  executionArn?: string;
  functionName?: string;
  /** The workflow step: Plan, Decide, RequestApproval, Execute, Notify... */
  step?: string;
}

const ERROR_FIELDS = new Set(['name', 'message', 'stack', 'cause']);

/**
 * The one place every line passes through: Powertools hands each log item to its formatter, and
 * calls `formatError` for any error it meets while serialising. Lines keep the default Powertools
 * keys (level, message, timestamp, service, ...), gain the current invocation's keys, and are
 * redacted as a whole.
 */
export class RedactingLogFormatter extends LogFormatter {
  readonly #redactor: Redactor;
  readonly #invocation = new AsyncLocalStorage<InvocationKeys>();

  constructor(values: Iterable<string> = []) {
    super();
    this.#redactor = new Redactor({ values, describeError: (error) => this.#describeError(error) });
  }

  redactValue(value: string): void {
    this.#redactor.addValue(value);
  }

  withInvocation<T>(keys: InvocationKeys, fn: () => T | Promise<T>): Promise<T> {
    const outer = this.#invocation.getStore();
    return this.#invocation.run({ ...outer, ...definedKeys(keys) }, async () => fn());
  }

  appendInvocationKeys(keys: InvocationKeys): void {
    const current = this.#invocation.getStore();
    if (current !== undefined) Object.assign(current, definedKeys(keys));
  }

  override formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const context = attributes.lambdaContext;
    const base = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    const line = { ...base, ...this.#invocation.getStore(), ...additionalLogAttributes };
    try {
      return new LogItem({ attributes: this.#redactor.redact(line) as LogAttributes });
    } catch {
      // A throwing getter or toJSON: keep the line, drop everything that was not ours.
      const message = this.#redactor.redactString(String(base.message));
      return new LogItem({ attributes: { ...base, message, redaction_failed: true } });
    }
  }

  override formatError(error: Error): LogAttributes {
    return this.#redactor.redact(error) as LogAttributes;
  }

  /** The Powertools error shape (name, location, message, stack, cause, own fields), one level deep. */
  #describeError(error: Error): Record<string, unknown> {
    const fields: Record<string, unknown> = {
      name: error.name,
      location: this.getCodeLocation(error.stack),
      message: error.message,
      stack: error.stack,
    };
    if (error.cause !== undefined) fields.cause = error.cause;
    if (error instanceof AggregateError) fields.errors = error.errors;
    for (const key in error) {
      if (!ERROR_FIELDS.has(key)) fields[key] = (error as unknown as Record<string, unknown>)[key];
    }
    return fields;
  }
}

function definedKeys(keys: InvocationKeys): InvocationKeys {
  return Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
}
