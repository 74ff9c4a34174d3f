import { ConfigurationError } from '@agentcore/adapters';
import { offlineParts } from '@agentcore/adapters/testing';
import { newRequestId } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { compose, createHandler } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  NOTIFY_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:agentcore-notifications',
  TOTP_SECRET_DEMO: 'JBSWY3DPEHPK3PXPPLANTEDSECRET',
};

describe('compose', () => {
  it.each([
    ['NOTIFY_TOPIC_ARN', { ...ENV, NOTIFY_TOPIC_ARN: undefined }],
    ['AWS_REGION', { ...ENV, AWS_REGION: '' }],
  ])('refuses an environment with a bad %s, naming it', (name, env) => {
    // Prepare
    const { parts } = offlineParts();

    // Act
    const build = () => compose(env, parts);

    // Assess
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(name);
  });

  it('builds the function from its environment without touching the network', () => {
    // Prepare
    const { sent, lines, parts } = offlineParts();

    // Act
    const deps = compose(ENV, parts);
    deps.telemetry.logger.info('composed', { detail: ENV.TOTP_SECRET_DEMO });

    // Assess
    expect(sent).toEqual([]);
    expect(deps.telemetry.functionName).toBe('completion-notifier');
    expect(Object.keys(deps).sort()).toEqual(['approvals', 'notifier', 'telemetry']);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ service: 'agentcore-completion-notifier', detail: '[redacted]' }),
    ]);
  });

  it('throws bad input without a network call, and reaches the store through its client', async () => {
    // Prepare
    const { sent, parts } = offlineParts();
    const handler = createHandler(compose(ENV, parts));
    const requestId = newRequestId(0);

    // Act
    const refused = handler({ operation: 'get_request', requestId });
    await expect(refused).rejects.toThrow('invalid notify step');
    const sentBeforeRead = [...sent];
    const read = handler({ step: 'notify', requestId, executionArn: 'arn:aws:states:x' });

    // Assess
    expect(sentBeforeRead).toEqual([]);
    await expect(read).rejects.toThrow();
    expect(sent).toEqual(['DynamoDB']);
  });
});
