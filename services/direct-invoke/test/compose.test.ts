import { ConfigurationError } from '@agentcore/adapters';
import { offlineParts } from '@agentcore/adapters/testing';
import { newRequestId } from '@agentcore/core';
import { ManualClock } from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { compose, createHandler } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111122223333:stateMachine:hitl',
  TOTP_SECRET_DEMO: 'JBSWY3DPEHPK3PXPPLANTEDSECRET',
};

describe('compose', () => {
  it.each([
    ['STATE_MACHINE_ARN', { ...ENV, STATE_MACHINE_ARN: 'states:hitl' }],
    ['AWS_REGION', { ...ENV, AWS_REGION: undefined }],
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
    const clock = new ManualClock('2030-06-01T12:00:00.000Z');
    const requestId = newRequestId(0);

    // Act
    const deps = compose(ENV, { ...parts, clock: clock.now });
    deps.telemetry.logger.warn('composed', { detail: ENV.TOTP_SECRET_DEMO });

    // Assess
    expect(sent).toEqual([]);
    expect(deps.telemetry.functionName).toBe('direct-invoke');
    expect(deps.executions.executionArnOf(requestId)).toBe(
      `arn:aws:states:eu-west-1:111122223333:execution:hitl:${requestId}`,
    );
    expect(deps.clock()).toEqual(new Date('2030-06-01T12:00:00.000Z'));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ service: 'agentcore-direct-invoke', detail: '[redacted]' }),
    ]);
  });

  it('answers bad input without a network call, and reaches the store through its client', async () => {
    // Prepare
    const { sent, parts } = offlineParts();
    const handler = createHandler(compose(ENV, parts));

    // Act
    const refused = await handler({ step: 'execute', requestId: newRequestId(0) });
    const sentBeforeRead = [...sent];
    const redrive = handler({ request_id: newRequestId(0) });

    // Assess
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(sentBeforeRead).toEqual([]);
    await expect(redrive).rejects.toThrow();
    expect(sent).toEqual(['DynamoDB']);
  });
});
