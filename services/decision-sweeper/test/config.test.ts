import { ConfigurationError } from '@agentcore/adapters';
import { describe, expect, it } from 'vitest';
import { parseDecisionSweeperConfig } from '../src/index.js';

const ENV = { AWS_REGION: 'eu-west-1', TABLE_PREFIX: 'agentcore-dev' };

function refusal(env: Record<string, string | undefined>): ConfigurationError {
  try {
    parseDecisionSweeperConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseDecisionSweeperConfig', () => {
  it('reads a minimal environment, with defaults for the rest', () => {
    // Act
    const config = parseDecisionSweeperConfig(ENV);

    // Assess
    expect(config).toEqual({
      ...ENV,
      MAX_APPROVAL_SECONDS: 3_600,
      SWEEP_GRACE_SECONDS: 60,
      LOG_LEVEL: 'INFO',
    });
  });

  it('reads its windows as whole seconds', () => {
    // Act
    const config = parseDecisionSweeperConfig({
      ...ENV,
      MAX_APPROVAL_SECONDS: '86400',
      SWEEP_GRACE_SECONDS: '0',
    });

    // Assess
    expect(config).toMatchObject({ MAX_APPROVAL_SECONDS: 86_400, SWEEP_GRACE_SECONDS: 0 });
  });

  it.each(['AWS_REGION', 'TABLE_PREFIX'])(
    'refuses an environment without %s, naming it',
    (name) => {
      // Act
      const error = refusal({ ...ENV, [name]: undefined });

      // Assess
      expect(error.message).toContain('the decision-sweeper function is misconfigured');
      expect(error.message).toContain(name);
    },
  );

  it.each([
    ['SWEEP_GRACE_SECONDS', 'a minute'],
    ['SWEEP_GRACE_SECONDS', '-1'],
    ['SWEEP_GRACE_SECONDS', '1.5'],
    ['SWEEP_GRACE_SECONDS', '3601'],
    ['MAX_APPROVAL_SECONDS', '0'],
    ['MAX_APPROVAL_SECONDS', ''],
    ['MAX_APPROVAL_SECONDS', '31536001'],
    ['LOG_LEVEL', 'TRACE'],
  ])('refuses a malformed %s (%j), naming it', (name, value) => {
    // Act
    const error = refusal({ ...ENV, [name]: value });

    // Assess
    expect(error.message).toContain(name);
  });
});
