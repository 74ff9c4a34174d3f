export type { InvocationKeys } from './formatter.js';
export {
  type CreateLoggerOptions,
  createLogger,
  type LogSink,
  type ObservedLogger,
} from './logger.js';
export { mcpLogger } from './mcp.js';
export {
  type AppMetrics,
  COUNT_METRICS,
  type CountMetric,
  type CreateMetricsOptions,
  createMetrics,
  type DecisionOutcome,
  type MetricsWarningLogger,
} from './metrics.js';
export { isSensitiveKey, REDACTED } from './redaction.js';
