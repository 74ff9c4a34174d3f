import { describe, expect, it } from 'vitest';
import { dev } from '../config/dev.js';
import { InfraConfigError, parseEnvironmentConfig } from '../config/index.js';
import { prod } from '../config/prod.js';
import {
  checkWorkflowTimings,
  deployedDefinition,
  FUNCTION_PLACEHOLDERS,
} from '../lib/workflow-timing.js';

const definition = deployedDefinition(4 * 3_600);
const functions = (timeouts: { steps: number; execute: number; notifier: number }) => ({
  [FUNCTION_PLACEHOLDERS.steps]: { name: 'workflow-steps', timeoutSeconds: timeouts.steps },
  [FUNCTION_PLACEHOLDERS.execute]: { name: 'execute', timeoutSeconds: timeouts.execute },
  [FUNCTION_PLACEHOLDERS.notifier]: {
    name: 'completion-notifier',
    timeoutSeconds: timeouts.notifier,
  },
});

describe('settings that cannot work are refused at synth', () => {
  it('accepts the shipped environments', () => {
    expect(parseEnvironmentConfig(prod).lambda).toEqual({ memoryMb: 1024, timeoutSeconds: 120 });
    expect(parseEnvironmentConfig(dev).model).toMatchObject({ guardrail: false });
  });

  it('accepts a workflow whose tasks fit their functions and whose approval fits the run', () => {
    // Prepare / Act / Assess
    expect(() =>
      checkWorkflowTimings({
        definition,
        functions: functions({ steps: 120, execute: 900, notifier: 60 }),
        maxApprovalSeconds: 3 * 3_600,
        executionTimeoutSeconds: 4 * 3_600,
      }),
    ).not.toThrow();
  });

  it('refuses a task timeout longer than its function’s', () => {
    expect(() =>
      checkWorkflowTimings({
        definition,
        functions: functions({ steps: 120, execute: 300, notifier: 60 }),
        maxApprovalSeconds: 3_600,
        executionTimeoutSeconds: 4 * 3_600,
      }),
    ).toThrow(/state Execute may run 900 s but the execute function times out after 300 s/);
  });

  it('refuses an approval expiry that outlasts the execution', () => {
    expect(() =>
      checkWorkflowTimings({
        definition,
        functions: functions({ steps: 120, execute: 900, notifier: 60 }),
        maxApprovalSeconds: 4 * 3_600,
        executionTimeoutSeconds: 4 * 3_600,
      }),
    ).toThrow(InfraConfigError);
  });

  it('refuses an approval expiry that leaves the other steps no time', () => {
    // Every fixed task timeout counts: an approval of exactly the remaining time still fits.
    const stepsSeconds = Object.values(definition.States)
      .map((state) => (typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : 0))
      .reduce((sum, seconds) => sum + seconds, 0);
    const check = (maxApprovalSeconds: number) => () =>
      checkWorkflowTimings({
        definition,
        functions: functions({ steps: 120, execute: 900, notifier: 60 }),
        maxApprovalSeconds,
        executionTimeoutSeconds: 4 * 3_600,
      });
    expect(check(4 * 3_600 - stepsSeconds)).not.toThrow();
    expect(check(4 * 3_600 - stepsSeconds + 1)).toThrow(/longer than the execution timeout/);
  });

  it('refuses field-level nonsense with the field named', () => {
    expect(() => parseEnvironmentConfig({ ...dev, logRetentionDays: 4 })).toThrow(
      /logRetentionDays/,
    );
    expect(() =>
      parseEnvironmentConfig({ ...dev, lambda: { memoryMb: 64, timeoutSeconds: 30 } }),
    ).toThrow(InfraConfigError);
    expect(() =>
      parseEnvironmentConfig({
        ...prod,
        vpc: { mode: 'existing', vpcId: 'vpc-1', availabilityZones: ['a'], privateSubnetIds: [] },
      }),
    ).toThrow(/privateSubnetIds|availabilityZones/);
  });
});
