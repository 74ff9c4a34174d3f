import { describe, expect, it } from 'vitest';
import { EnvironmentError, parseLambdaEnvironment } from '../src/index.js';

const valid = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-prod',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:hitl',
  NOTIFY_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:approvals',
};

describe('the Lambda environment', () => {
  it('reads a complete environment with its defaults', () => {
    expect(
      parseLambdaEnvironment({ ...valid, APPROVER_GROUPS: '{"U1":["approvers","sre"]}' }),
    ).toEqual({
      ...valid,
      APPROVER_GROUPS: { U1: ['approvers', 'sre'] },
      DEFAULT_APPROVER_GROUPS: ['approvers'],
      MAX_APPROVAL_SECONDS: 3_600,
    });
  });

  it.each([
    ['a missing table prefix', { TABLE_PREFIX: undefined }, 'TABLE_PREFIX'],
    [
      'a state machine that is not an ARN',
      { STATE_MACHINE_ARN: 'hitl' },
      'must be a state machine ARN',
    ],
    ['approver groups that are not JSON', { APPROVER_GROUPS: 'U1=approvers' }, 'must be JSON like'],
    ['an approval window under a minute', { MAX_APPROVAL_SECONDS: '5' }, 'MAX_APPROVAL_SECONDS'],
  ])('refuses %s at cold start, naming it', (_, overrides, message) => {
    // Act
    const attempt = () => parseLambdaEnvironment({ ...valid, ...overrides });

    // Assess
    expect(attempt).toThrow(EnvironmentError);
    expect(attempt).toThrow(message);
  });
});
