import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/index.js';
import { capturedLogger } from './support.js';

function capturedMetrics() {
  const lines: string[] = [];
  const warnings = capturedLogger({ serviceName: 'metrics-warnings' });
  const metrics = createMetrics({
    namespace: 'AgentCore',
    serviceName: 'execute',
    sink: (line) => lines.push(line),
    logger: warnings.logger,
  });
  return { metrics, lines, warnings: warnings.lines };
}

describe('createMetrics', () => {
  it('flushes the counts as one EMF line', () => {
    // Prepare
    const { metrics, lines } = capturedMetrics();

    // Act
    metrics.countDecision('require_approval');
    metrics.count('ToolCall');
    metrics.count('ToolCall');
    metrics.count('ToolCall', 3);
    metrics.count('Refusal');
    metrics.count('Failure');
    metrics.flush();

    // Assess
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0] as string);
    expect(emf).toMatchObject({
      service: 'execute',
      DecisionRequireApproval: 1,
      ToolCall: 5,
      Refusal: 1,
      Failure: 1,
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [{ Namespace: 'AgentCore', Dimensions: [['service']] }],
      },
    });
    expect(emf._aws.CloudWatchMetrics[0].Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'ToolCall', Unit: 'Count' },
        { Name: 'DecisionRequireApproval', Unit: 'Count' },
        { Name: 'Refusal', Unit: 'Count' },
        { Name: 'Failure', Unit: 'Count' },
      ]),
    );
  });

  it('writes nothing, throws nothing and warns nothing when nothing was counted', () => {
    // Prepare
    const { metrics, lines, warnings } = capturedMetrics();

    // Act
    metrics.flush();

    // Assess
    expect(lines).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('starts each invocation from zero', () => {
    // Prepare
    const { metrics, lines } = capturedMetrics();
    metrics.countDecision('deny');
    metrics.flush();

    // Act
    metrics.countDecision('allow');
    metrics.count('ToolCallFailure', -1);
    metrics.count('ToolCallFailure', Number.NaN);
    metrics.flush();
    metrics.flush();

    // Assess
    expect(lines).toHaveLength(2);
    const second = JSON.parse(lines[1] as string);
    expect(second).toMatchObject({ DecisionAllow: 1 });
    expect(second).not.toHaveProperty('DecisionDeny');
    expect(second).not.toHaveProperty('ToolCallFailure');
  });

  it('does not let a sink failure escape the invocation', () => {
    // Prepare
    const warnings = capturedLogger({ serviceName: 'metrics-warnings' });
    const metrics = createMetrics({
      namespace: 'AgentCore',
      serviceName: 'execute',
      sink: () => {
        throw new Error('sink closed');
      },
      logger: warnings.logger,
    });
    metrics.count('ToolCall');

    // Act
    const flush = () => metrics.flush();

    // Assess
    expect(flush).not.toThrow();
    expect(warnings.entries()).toMatchObject([
      {
        level: 'WARN',
        message: 'Metrics could not be published',
        error: { message: 'sink closed' },
      },
    ]);
  });
});
