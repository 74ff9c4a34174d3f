import { ConfigurationError } from '@agentcore/adapters';
import { describe, expect, it } from 'vitest';
import { parseDirectInvokeConfig } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111122223333:stateMachine:hitl',
};

function refusal(env: Record<string, string | undefined>): ConfigurationError {
  try {
    parseDirectInvokeConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseDirectInvokeConfig', () => {
  it('reads a minimal environment, logging at INFO by default', () => {
    // Act
    const config = parseDirectInvokeConfig({ ...ENV, UNRELATED: 'ignored' });

    // Assess
    expect(config).toEqual({ ...ENV, LOG_LEVEL: 'INFO', ENVIRONMENT: 'dev', TIME_ZONE: 'UTC' });
  });

  it.each(['AWS_REGION', 'TABLE_PREFIX', 'STATE_MACHINE_ARN'])(
    'refuses an environment without %s, naming it',
    (name) => {
      // Act
      const error = refusal({ ...ENV, [name]: undefined });

      // Assess
      expect(error.message).toContain('the direct-invoke function is misconfigured');
      expect(error.message).toContain(name);
    },
  );

  it.each([
    ['AWS_REGION', ''],
    ['TABLE_PREFIX', 'prefix/with/slashes'],
    ['STATE_MACHINE_ARN', 'hitl'],
    ['LOG_LEVEL', 'info'],
  ])('refuses a malformed %s (%j), naming it', (name, value) => {
    // Act
    const error = refusal({ ...ENV, [name]: value });

    // Assess
    expect(error.message).toContain(name);
  });
});
