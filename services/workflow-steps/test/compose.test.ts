import { ConfigurationError } from '@agentcore/adapters';
import { offlineParts } from '@agentcore/adapters/testing';
import { newRequestId, ValidationError } from '@agentcore/core';
import { ManualClock } from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { compose, createHandler } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  NOTIFY_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:agentcore-approvals',
  MAX_APPROVAL_SECONDS: '1800',
  TOTP_SECRET_DEMO: 'JBSWY3DPEHPK3PXPPLANTEDSECRET',
};

describe('compose', () => {
  it.each([
    ['NOTIFY_TOPIC_ARN', { ...ENV, NOTIFY_TOPIC_ARN: undefined }],
    ['MAX_APPROVAL_SECONDS', { ...ENV, MAX_APPROVAL_SECONDS: '-5' }],
    ['TABLE_PREFIX', { ...ENV, TABLE_PREFIX: '' }],
  ])('refuses an environment with a bad %s, naming it', (name, env) => {
    // Prepare
    const { parts } = offlineParts();

    // Act
    const build = () => compose(env, { ...parts, model: null });

    // Assess
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(name);
  });

  it('builds the function, MCP client and policy included, without touching the network', () => {
    // Prepare
    const { sent, lines, parts } = offlineParts();
    const clock = new ManualClock('2030-06-01T12:00:00.000Z');

    // Act
    const deps = compose(ENV, { ...parts, clock: clock.now });
    deps.telemetry.logger.info('composed', { detail: ENV.TOTP_SECRET_DEMO });

    // Assess
    expect(sent).toEqual([]);
    expect(deps.telemetry.functionName).toBe('workflow-steps');
    expect(deps.maxApprovalSeconds).toBe(1_800);
    expect(deps.planner).toEqual({ propose: expect.any(Function) });
    expect(deps.clock()).toEqual(new Date('2030-06-01T12:00:00.000Z'));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ service: 'agentcore-workflow-steps', detail: '[redacted]' }),
    ]);
  });

  it('throws bad input without a network call, and reaches the store through its client', async () => {
    // Prepare
    const { sent, parts } = offlineParts();
    const handler = createHandler(compose(ENV, { ...parts, model: null }));
    const requestId = newRequestId(0);

    // Act
    const refused = handler({ operation: 'submit', request: { query: 'x' } });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    const sentBeforeRead = [...sent];
    const plan = handler({ step: 'plan', requestId, executionArn: 'arn:aws:states:x' });

    // Assess
    expect(sentBeforeRead).toEqual([]);
    await expect(plan).rejects.toThrow();
    expect(sent).toEqual(['DynamoDB']);
  });
});
