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
  APPROVER_GROUPS: '{"U_APPROVER":["approvers"]}',
  TOTP_SECRET_DEMO: 'JBSWY3DPEHPK3PXPPLANTEDSECRET',
};

/**
 * Real SDK clients that refuse to send: each request is recorded and failed before it is
 * signed or leaves the process.
 */

describe('compose', () => {
  it.each([
    ['STATE_MACHINE_ARN', { ...ENV, STATE_MACHINE_ARN: undefined }],
    ['TABLE_PREFIX', { ...ENV, TABLE_PREFIX: 'a b' }],
    ['APPROVER_GROUPS', { ...ENV, APPROVER_GROUPS: '{"U_APPROVER":"approvers"}' }],
  ])('refuses an environment with a bad %s, naming it', (name, env) => {
    // Prepare
    const { parts } = offlineParts();

    // Act
    const build = () => compose(env, parts);

    // Assess
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(name);
  });

  it('builds the function from its environment without touching the network', async () => {
    // Prepare
    const { sent, lines, parts } = offlineParts();
    const clock = new ManualClock('2030-06-01T12:00:00.000Z');
    const requestId = newRequestId(0);

    // Act
    const deps = compose(ENV, { ...parts, clock: clock.now });
    deps.telemetry.logger.info('composed', { note: `seed ${ENV.TOTP_SECRET_DEMO}` });

    // Assess
    expect(sent).toEqual([]);
    expect(deps.telemetry.functionName).toBe('requests');
    expect(deps.executions.executionArnOf(requestId)).toBe(
      `arn:aws:states:eu-west-1:111122223333:execution:hitl:${requestId}`,
    );
    expect(await deps.directory.groupsOf('U_APPROVER')).toEqual(['approvers']);
    expect(await deps.directory.groupsOf('U_NOBODY')).toEqual([]);
    expect(deps.clock()).toEqual(new Date('2030-06-01T12:00:00.000Z'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      service: 'agentcore-requests',
      note: 'seed [redacted]',
    });
  });

  it('answers bad input without a network call, and reaches the store through its client', async () => {
    // Prepare
    const { sent, parts } = offlineParts();
    const handler = createHandler(compose(ENV, parts));

    // Act
    const refused = await handler({
      step: 'expire',
      requestId: newRequestId(0),
      executionArn: 'x',
    });
    const sentBeforeRead = [...sent];
    const read = handler({ operation: 'get_request', requestId: newRequestId(0) });

    // Assess
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(sentBeforeRead).toEqual([]);
    await expect(read).rejects.toThrow();
    expect(sent).toEqual(['DynamoDB']);
  });

  it('gives ids named like Object.prototype members no groups', async () => {
    // Prepare
    const { parts } = offlineParts();
    const deps = compose(ENV, parts);

    // Act
    const groups = await Promise.all(
      ['constructor', 'toString', '__proto__'].map((id) => deps.directory.groupsOf(id)),
    );

    // Assess
    expect(groups).toEqual([[], [], []]);
  });
});
