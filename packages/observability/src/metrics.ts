import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** The counts we publish, one CloudWatch metric each. */
export const COUNT_METRICS = [
  'DecisionAllow',
  'DecisionRequireApproval',
  'DecisionDeny',
  'Refusal',
  'ToolCall',
  'ToolCallFailure',
  'Failure',
] as const;
export type CountMetric = (typeof COUNT_METRICS)[number];

export type DecisionOutcome = 'allow' | 'require_approval' | 'deny';

const DECISION_METRICS: Readonly<Record<DecisionOutcome, CountMetric>> = {
  allow: 'DecisionAllow',
  require_approval: 'DecisionRequireApproval',
  deny: 'DecisionDeny',
};

/** Where Powertools sends its own warnings (an ObservedLogger fits). */
export type MetricsWarningLogger = NonNullable<ConstructorParameters<typeof Metrics>[0]>['logger'];

export interface CreateMetricsOptions {
  namespace: string;
  /** Becomes the `service` dimension. */
  serviceName: string;
  /** Receives each EMF line instead of stdout; pass `() => {}` to drop metrics. */
  sink?: (line: string) => void;
  logger?: MetricsWarningLogger;
}

export interface AppMetrics {
  /** Adds to a count; the total is published by the next `flush`. Negative or non-finite values are ignored. */
  count(metric: CountMetric, value?: number): void;
  countDecision(outcome: DecisionOutcome): void;
  /**
   * Publishes what was counted since the last flush as one EMF line, then forgets it. Call it once
   * per invocation (in a `finally`). Nothing is written, and nothing thrown, when nothing was counted.
   */
  flush(): void;
  /** The underlying Powertools Metrics, for dimensions or metadata. */
  readonly powertools: Metrics;
}

export function createMetrics(options: CreateMetricsOptions): AppMetrics {
  const powertools = new Metrics({
    namespace: options.namespace,
    serviceName: options.serviceName,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  // Counts are summed here and added once per flush: Powertools would otherwise keep one value per
  // call and publish on its own (straight to stdout) once a metric reaches 100 values.
  const counts = new Map<CountMetric, number>();
  const { sink } = options;

  const publish = (): void => {
    if (sink === undefined) {
      powertools.publishStoredMetrics();
      return;
    }
    try {
      sink(JSON.stringify(powertools.serializeMetrics()));
    } finally {
      powertools.clearMetrics();
      powertools.clearDimensions();
      powertools.clearMetadata();
    }
  };

  const count = (metric: CountMetric, value = 1): void => {
    if (!Number.isFinite(value) || value < 0) return;
    counts.set(metric, (counts.get(metric) ?? 0) + value);
  };

  return {
    powertools,
    count,
    countDecision: (outcome) => count(DECISION_METRICS[outcome]),
    flush: () => {
      if (counts.size === 0) return;
      const totals = [...counts];
      counts.clear();
      try {
        for (const [metric, total] of totals) powertools.addMetric(metric, MetricUnit.Count, total);
        publish();
      } catch (error) {
        options.logger?.warn('Metrics could not be published', { error });
      }
    },
  };
}
