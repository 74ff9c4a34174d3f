import { ConfigurationError } from '@agentcore/adapters';
import { describe, expect, it } from 'vitest';
import { parseRequestsConfig } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111122223333:stateMachine:hitl',
};

function refusal(env: Record<string, string | undefined>): ConfigurationError {
  try {
    parseRequestsConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseRequestsConfig', () => {
  it('reads a minimal environment, with defaults for the rest', () => {
    // Act
    const config = parseRequestsConfig(ENV);

    // Assess
    expect(config).toEqual({ ...ENV, APPROVER_GROUPS: {}, LOG_LEVEL: 'INFO' });
  });

  it('reads approver groups as JSON: user id to groups', () => {
    // Act
    const config = parseRequestsConfig({
      ...ENV,
      APPROVER_GROUPS: '{"U_APPROVER":["approvers","ops"],"U_BOB":[]}',
      LOG_LEVEL: 'DEBUG',
    });

    // Assess
    expect(config.APPROVER_GROUPS).toEqual({ U_APPROVER: ['approvers', 'ops'], U_BOB: [] });
    expect(config.LOG_LEVEL).toBe('DEBUG');
  });

  it.each(['AWS_REGION', 'TABLE_PREFIX', 'STATE_MACHINE_ARN'])(
    'refuses an environment without %s, naming it',
    (name) => {
      // Act
      const error = refusal({ ...ENV, [name]: undefined });

      // Assess
      expect(error.message).toContain('the requests function is misconfigured');
      expect(error.message).toContain(name);
    },
  );

  it.each([
    ['TABLE_PREFIX', 'no spaces allowed'],
    ['TABLE_PREFIX', 'ab'],
    ['STATE_MACHINE_ARN', 'hitl'],
    ['STATE_MACHINE_ARN', 'https://states.eu-west-1.amazonaws.com'],
    ['LOG_LEVEL', 'verbose'],
    ['APPROVER_GROUPS', 'U_APPROVER=approvers'],
    ['APPROVER_GROUPS', '["approvers"]'],
    ['APPROVER_GROUPS', '{"U_APPROVER":"approvers"}'],
    ['APPROVER_GROUPS', '{"U_APPROVER":[""]}'],
    ['APPROVER_GROUPS', '{"U_APPROVER":[1]}'],
    ['APPROVER_GROUPS', 'null'],
  ])('refuses a malformed %s (%s), naming it', (name, value) => {
    // Act
    const error = refusal({ ...ENV, [name]: value });

    // Assess
    expect(error.message).toContain(name);
  });

  it('says everything that is wrong at once', () => {
    // Act
    const error = refusal({ TABLE_PREFIX: 'x', APPROVER_GROUPS: '{' });

    // Assess
    for (const name of ['AWS_REGION', 'TABLE_PREFIX', 'STATE_MACHINE_ARN', 'APPROVER_GROUPS']) {
      expect(error.message).toContain(name);
    }
  });

  it('never repeats a malformed value in its message', () => {
    // Act
    const error = refusal({ ...ENV, APPROVER_GROUPS: '{"U_1":"s3cr3t-looking-value"}' });

    // Assess
    expect(error.message).not.toContain('s3cr3t-looking-value');
  });
});
