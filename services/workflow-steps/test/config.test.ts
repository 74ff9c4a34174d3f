import { ConfigurationError } from '@agentcore/adapters';
import { describe, expect, it } from 'vitest';
import { parseWorkflowStepsConfig } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  NOTIFY_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:agentcore-approvals',
};

function refusal(env: Record<string, string | undefined>): ConfigurationError {
  try {
    parseWorkflowStepsConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseWorkflowStepsConfig', () => {
  it('reads a minimal environment, with defaults for the rest', () => {
    // Act
    const config = parseWorkflowStepsConfig(ENV);

    // Assess
    expect(config).toEqual({
      ...ENV,
      MAX_APPROVAL_SECONDS: 3_600,
      ENVIRONMENT: 'dev',
      TIME_ZONE: 'UTC',
      DEFAULT_APPROVER_GROUPS: ['approvers'],
      LOG_LEVEL: 'INFO',
    });
  });

  it('reads default approver groups as a comma-separated list, ignoring blanks', () => {
    // Act
    const config = parseWorkflowStepsConfig({
      ...ENV,
      DEFAULT_APPROVER_GROUPS: ' approvers, security ,,',
      MAX_APPROVAL_SECONDS: '900',
      POLICY_PATH: '/opt/policies/rules.json',
    });

    // Assess
    expect(config).toMatchObject({
      DEFAULT_APPROVER_GROUPS: ['approvers', 'security'],
      MAX_APPROVAL_SECONDS: 900,
      POLICY_PATH: '/opt/policies/rules.json',
    });
  });

  it.each(['AWS_REGION', 'TABLE_PREFIX', 'NOTIFY_TOPIC_ARN'])(
    'refuses an environment without %s, naming it',
    (name) => {
      // Act
      const error = refusal({ ...ENV, [name]: undefined });

      // Assess
      expect(error.message).toContain('the workflow-steps function is misconfigured');
      expect(error.message).toContain(name);
    },
  );

  it.each([
    ['NOTIFY_TOPIC_ARN', 'agentcore-approvals'],
    ['MAX_APPROVAL_SECONDS', 'an hour'],
    ['MAX_APPROVAL_SECONDS', '0'],
    ['MAX_APPROVAL_SECONDS', '3600.5'],
    ['MAX_APPROVAL_SECONDS', '31536001'],
    ['POLICY_PATH', ''],
    ['LOG_LEVEL', 'Debug'],
    ['TIME_ZONE', 'Mars/Olympus_Mons'],
  ])('refuses a malformed %s (%j), naming it', (name, value) => {
    // Act
    const error = refusal({ ...ENV, [name]: value });

    // Assess
    expect(error.message).toContain(name);
  });
});
