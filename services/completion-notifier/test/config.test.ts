import { ConfigurationError } from '@agentcore/adapters';
import { describe, expect, it } from 'vitest';
import { parseNotifierConfig } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  NOTIFY_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:agentcore-notifications',
};

function refusal(env: Record<string, string | undefined>): ConfigurationError {
  try {
    parseNotifierConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseNotifierConfig', () => {
  it('reads a minimal environment, logging at INFO by default', () => {
    // Act
    const config = parseNotifierConfig(ENV);

    // Assess
    expect(config).toEqual({ ...ENV, LOG_LEVEL: 'INFO' });
  });

  it.each(['AWS_REGION', 'TABLE_PREFIX', 'NOTIFY_TOPIC_ARN'])(
    'refuses an environment without %s, naming it',
    (name) => {
      // Act
      const error = refusal({ ...ENV, [name]: undefined });

      // Assess
      expect(error.message).toContain('the completion-notifier function is misconfigured');
      expect(error.message).toContain(name);
    },
  );

  it.each([
    ['NOTIFY_TOPIC_ARN', 'agentcore-notifications'],
    ['NOTIFY_TOPIC_ARN', 'https://sns.eu-west-1.amazonaws.com/topic'],
    ['TABLE_PREFIX', 'agentcore dev'],
    ['LOG_LEVEL', 'warning'],
  ])('refuses a malformed %s (%j), naming it', (name, value) => {
    // Act
    const error = refusal({ ...ENV, [name]: value });

    // Assess
    expect(error.message).toContain(name);
  });
});
