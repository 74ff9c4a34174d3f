import {
  type AppMetrics,
  createLogger,
  createMetrics,
  type InvocationKeys,
  isSensitiveKey,
  type LogSink,
  type ObservedLogger,
} from '@agentcore/observability';

/** One function's structured logger and metrics, created once per cold start. */
export interface Telemetry {
  functionName: string;
  logger: ObservedLogger;
  metrics: AppMetrics;
}

export interface TelemetryOptions {
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Where JSON lines go instead of stdout (the local runtime's log file, a test's buffer). */
  sink?: LogSink;
}

// Secrets shorter than this are not worth redacting by value (they would match ordinary text).
const MIN_SECRET_LENGTH = 6;

/**
 * The logger and metrics of one function. Every environment value held under a sensitive name
 * (a TOTP secret, an API key) is redacted wherever it would appear in a log line.
 */
export function functionTelemetry(
  functionName: string,
  env: Readonly<Record<string, string | undefined>>,
  options: TelemetryOptions,
): Telemetry {
  const serviceName = `agentcore-${functionName}`;
  const secrets = Object.entries(env)
    .filter(([key, value]) => isSensitiveKey(key) && (value?.length ?? 0) >= MIN_SECRET_LENGTH)
    .map(([, value]) => value as string);
  const logger = createLogger({
    serviceName,
    level: options.level,
    redactValues: secrets,
    ...(options.sink ? { sink: options.sink } : {}),
  });
  const metrics = createMetrics({
    namespace: 'AgentCore',
    serviceName,
    logger,
    ...(options.sink ? { sink: options.sink } : {}),
  });
  return { functionName, logger, metrics };
}

function describe(error: unknown) {
  if (!(error instanceof Error)) return { errorName: 'Error', errorMessage: String(error) };
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return { errorName: error.name, errorCode: code, errorMessage: error.message };
}

/** What a caller-facing answer says when it refused (see toResponse in the workflow package). */
function refusalOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('ok' in result) || result.ok !== false) {
    return undefined;
  }
  const error = (result as { error?: { code?: unknown } }).error;
  return typeof error?.code === 'string' ? error.code : 'refused';
}

const CORRELATION_FIELDS = ['requestId', 'executionArn', 'step', 'operation'] as const;

/** The correlation keys an event carries, read before (and whether or not) it parses. */
export function correlationOf(functionName: string, event: unknown): InvocationKeys {
  const keys: Record<string, string> = { functionName };
  if (typeof event !== 'object' || event === null) return keys;
  const fields = event as Record<string, unknown>;
  for (const field of CORRELATION_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value.length <= 2_048)
      keys[field === 'operation' ? 'step' : field] = value;
  }
  if (typeof fields.request_id === 'string') keys.requestId = fields.request_id;
  const nested = fields.decision as { requestId?: unknown } | undefined;
  if (typeof nested?.requestId === 'string') keys.requestId = nested.requestId;
  return keys;
}

/** A request id an answer names (a submission's new request), for the invocation's last lines. */
function requestIdOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const answer = result as { requestId?: unknown; request?: { requestId?: unknown } };
  const id = answer.requestId ?? answer.request?.requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Runs one invocation with its correlation keys on every log line: logs how it ended (a refusal
 * or a failure with its error's name and code, never its payload), counts refusals and
 * failures, and flushes the invocation's metrics.
 */
export async function observeInvocation<T>(
  telemetry: Telemetry,
  event: unknown,
  work: () => Promise<T>,
): Promise<T> {
  const { logger, metrics } = telemetry;
  return logger.withInvocation(correlationOf(telemetry.functionName, event), async () => {
    try {
      const result = await work();
      const requestId = requestIdOf(result);
      if (requestId) logger.appendInvocationKeys({ requestId });
      const refusal = refusalOf(result);
      if (refusal) {
        metrics.count('Refusal');
        logger.warn('invocation refused', { errorCode: refusal });
      } else {
        logger.info('invocation finished');
      }
      return result;
    } catch (error) {
      metrics.count('Failure');
      logger.error('invocation failed', describe(error));
      throw error;
    } finally {
      metrics.flush();
    }
  });
}
