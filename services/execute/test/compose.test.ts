import { ConfigurationError } from '@agentcore/adapters';
import { offlineParts } from '@agentcore/adapters/testing';
import { newRequestId, ValidationError } from '@agentcore/core';
import { ManualClock } from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import { compose, createHandler } from '../src/index.js';

const ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_PREFIX: 'agentcore-dev',
  TOTP_SECRET_DEMO: 'JBSWY3DPEHPK3PXPPLANTEDSECRET',
};

describe('compose', () => {
  it.each([
    ['TABLE_PREFIX', { ...ENV, TABLE_PREFIX: undefined }],
    ['TABLE_PREFIX', { ...ENV, TABLE_PREFIX: 'agentcore dev' }],
    ['AWS_REGION', { ...ENV, AWS_REGION: undefined }],
    ['LOG_LEVEL', { ...ENV, LOG_LEVEL: 'loud' }],
  ])('refuses an environment with a bad %s, naming it', (name, env) => {
    // Prepare
    const { parts } = offlineParts();

    // Act
    const build = () => compose(env, parts);

    // Assess
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(`the execute function is misconfigured`);
    expect(build).toThrow(name);
  });

  it('builds the function, MCP client included, without touching the network', () => {
    // Prepare
    const { sent, lines, parts } = offlineParts();
    const clock = new ManualClock('2030-06-01T12:00:00.000Z');

    // Act
    const deps = compose(ENV, { ...parts, clock: clock.now });
    deps.telemetry.logger.info('composed', { detail: ENV.TOTP_SECRET_DEMO });

    // Assess
    expect(sent).toEqual([]);
    expect(deps.telemetry.functionName).toBe('execute');
    expect(deps.audit.append).toEqual(expect.any(Function));
    expect(deps.sessions.open).toEqual(expect.any(Function));
    expect(deps.clock()).toEqual(new Date('2030-06-01T12:00:00.000Z'));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ service: 'agentcore-execute', detail: '[redacted]' }),
    ]);
  });

  it('throws bad input without a network call, and reaches the store through its client', async () => {
    // Prepare
    const { sent, parts } = offlineParts();
    const handler = createHandler(compose(ENV, parts));
    const requestId = newRequestId(0);

    // Act
    const refused = handler({ step: 'plan', requestId, executionArn: 'arn:aws:states:x' });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    const sentBeforeRead = [...sent];
    const run = handler({ step: 'execute', requestId, executionArn: 'arn:aws:states:x' });

    // Assess
    expect(sentBeforeRead).toEqual([]);
    await expect(run).rejects.toThrow();
    expect(sent).toEqual(['DynamoDB']);
  });
});
