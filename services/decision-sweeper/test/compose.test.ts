import { ConfigurationError } from '@agentcore/adapters';
import { offlineParts } from '@agentcore/adapters/testing';
import { ManualClock } from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { compose, createHandler } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  MAX_APPROVAL_SECONDS: '7200',
  SWEEP_GRACE_SECONDS: '120',
  TOTP_SECRET_DEMO: 'JBSWY3DPEHPK3PXPPLANTEDSECRET',
};

describe('compose', () => {
  it.each([
    ['SWEEP_GRACE_SECONDS', { ...ENV, SWEEP_GRACE_SECONDS: 'soon' }],
    ['TABLE_PREFIX', { ...ENV, TABLE_PREFIX: undefined }],
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

    // Act
    const deps = compose(ENV, { ...parts, clock: clock.now });
    deps.telemetry.logger.info('composed', { detail: ENV.TOTP_SECRET_DEMO });

    // Assess
    expect(sent).toEqual([]);
    expect(deps.telemetry.functionName).toBe('decision-sweeper');
    expect(deps.options).toEqual({ graceSeconds: 120, maxApprovalSeconds: 7_200 });
    expect(deps.clock()).toEqual(new Date('2030-06-01T12:00:00.000Z'));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ service: 'agentcore-decision-sweeper', detail: '[redacted]' }),
    ]);
  });

  it('reaches the store through the client it was given', async () => {
    // Prepare
    const { sent, parts } = offlineParts();
    const handler = createHandler(compose(ENV, parts));

    // Act
    const sweep = handler({});

    // Assess
    await expect(sweep).rejects.toThrow();
    expect(sent).toEqual(['DynamoDB']);
  });
});
