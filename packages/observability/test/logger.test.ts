import type { McpLogger } from '@agentcore/mcp';
import { describe, expect, it } from 'vitest';
import { mcpLogger } from '../src/index.js';
import { capturedLogger, deferred } from './support.js';

describe('createLogger', () => {
  it('writes one JSON object per line with service, level, message and fields', () => {
    // Prepare
    const { logger, lines, entries } = capturedLogger();

    // Act
    logger.info('Request received', { tool: 'gifs__search_gifs', attempt: 2 });
    logger.warn('Approver unknown');

    // Assess
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('\n');
    expect(entries()[0]).toMatchObject({
      level: 'INFO',
      message: 'Request received',
      service: 'approval',
      tool: 'gifs__search_gifs',
      attempt: 2,
    });
    expect(entries()[0]?.timestamp).toEqual(expect.any(String));
    expect(entries()[1]).toMatchObject({ level: 'WARN', message: 'Approver unknown' });
  });

  it('writes errors in the Powertools shape, with their cause', () => {
    // Prepare
    const { logger, entries } = capturedLogger();
    const error = new Error('Write refused', { cause: new TypeError('Bad item') });

    // Act
    logger.error('Store failed', error);

    // Assess
    expect(entries()[0]).toMatchObject({
      level: 'ERROR',
      message: 'Store failed',
      error: {
        name: 'Error',
        message: 'Write refused',
        location: expect.any(String),
        stack: expect.stringContaining('Write refused'),
        cause: { name: 'TypeError', message: 'Bad item' },
      },
    });
  });

  it('drops lines below its level', () => {
    // Prepare
    const info = capturedLogger();
    const debug = capturedLogger({ level: 'DEBUG' });

    // Act
    for (const { logger } of [info, debug]) logger.debug('Tool list fetched');

    // Assess
    expect(info.lines).toEqual([]);
    expect(debug.entries()).toMatchObject([{ level: 'DEBUG', message: 'Tool list fetched' }]);
  });

  it('gives children the same sink, redaction and invocation keys', async () => {
    // Prepare
    const { logger, entries } = capturedLogger({ redactValues: ['s3cr3t-v4lue'] });
    const child = logger.createChild({ serviceName: 'execute' });

    // Act
    await logger.withInvocation({ requestId: 'R1' }, () => {
      child.info('Tool called', { note: 'used s3cr3t-v4lue', password: 'hunter22' });
    });

    // Assess
    expect(entries()).toMatchObject([
      {
        service: 'execute',
        requestId: 'R1',
        note: 'used [redacted]',
        password: '[redacted]',
      },
    ]);
  });
});

describe('invocation keys', () => {
  it('puts the request keys on every line of the invocation and clears them after', async () => {
    // Prepare
    const { logger, entries } = capturedLogger();
    const keys = {
      requestId: '01JD5Y9N8Q4T2W7X3V6B1C0A9Z',
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:hitl:01JD5Y9N8Q',
      functionName: 'approval',
      step: 'Decide',
    };

    // Act
    const result = await logger.withInvocation(keys, async () => {
      logger.info('Policy evaluated');
      await Promise.resolve();
      logger.info('Decision recorded');
      return 'allow';
    });
    logger.info('Between invocations');

    // Assess
    expect(result).toBe('allow');
    const [first, second, after] = entries();
    expect(first).toMatchObject(keys);
    expect(second).toMatchObject(keys);
    for (const key of Object.keys(keys)) expect(after).not.toHaveProperty(key);
  });

  it('clears the keys when the invocation throws', async () => {
    // Prepare
    const { logger, entries } = capturedLogger();

    // Act
    const outcome = logger.withInvocation({ requestId: 'R1', step: 'Execute' }, async () => {
      logger.error('Tool failed');
      throw new Error('boom');
    });
    await expect(outcome).rejects.toThrow('boom');
    logger.info('Next invocation');

    // Assess
    expect(entries()[0]).toMatchObject({ requestId: 'R1', step: 'Execute' });
    expect(entries()[1]).not.toHaveProperty('requestId');
    expect(entries()[1]).not.toHaveProperty('step');
  });

  it('keeps concurrent invocations on one logger apart', async () => {
    // Prepare
    const { logger, entries } = capturedLogger();
    const firstMayFinish = deferred();
    const secondStarted = deferred();

    // Act
    const first = logger.withInvocation({ requestId: 'R1' }, async () => {
      logger.info('First started');
      await firstMayFinish.promise;
      logger.info('First finished');
    });
    const second = logger.withInvocation({ requestId: 'R2' }, async () => {
      logger.info('Second started');
      secondStarted.resolve();
      firstMayFinish.resolve();
      await first;
      logger.info('Second finished');
    });
    await secondStarted.promise;
    await Promise.all([first, second]);

    // Assess
    const byMessage = Object.fromEntries(
      entries().map((entry) => [entry.message, entry.requestId]),
    );
    expect(byMessage).toEqual({
      'First started': 'R1',
      'Second started': 'R2',
      'First finished': 'R1',
      'Second finished': 'R2',
    });
  });

  it('adds keys learned during the invocation, without leaking them out of it', async () => {
    // Prepare
    const { logger, entries } = capturedLogger();

    // Act
    await logger.withInvocation({ functionName: 'approval' }, async () => {
      logger.info('Request received');
      logger.appendInvocationKeys({ requestId: 'R9', step: undefined });
      logger.info('Request recorded');
      await logger.withInvocation({ step: 'Notify' }, () => logger.info('Requester told'));
      logger.info('Done');
    });
    logger.appendInvocationKeys({ requestId: 'outside' });
    logger.info('Idle');

    // Assess
    expect(entries()).toEqual([
      expect.not.objectContaining({ requestId: expect.anything() }),
      expect.objectContaining({ functionName: 'approval', requestId: 'R9' }),
      expect.objectContaining({ functionName: 'approval', requestId: 'R9', step: 'Notify' }),
      expect.not.objectContaining({ step: expect.anything() }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });
});

describe('mcpLogger', () => {
  it('adapts the logger to the MCP client port, fields and all', () => {
    // Prepare
    const { logger, entries } = capturedLogger({ level: 'DEBUG' });
    const port: McpLogger = mcpLogger(logger);

    // Act
    port.debug('Connecting', { alias: 'gifs' });
    port.info('Connected');
    port.warn('Tool hidden', { tool: 'gifs__delete' });
    port.error('Call failed', { tool: 'totp__get_totp_code', secret_value: 'JBSWY3DPEHPK3PXP' });

    // Assess
    expect(entries()).toMatchObject([
      { level: 'DEBUG', message: 'Connecting', alias: 'gifs' },
      { level: 'INFO', message: 'Connected' },
      { level: 'WARN', message: 'Tool hidden', tool: 'gifs__delete' },
      { level: 'ERROR', message: 'Call failed', secret_value: '[redacted]' },
    ]);
  });
});
