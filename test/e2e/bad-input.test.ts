import { newRequestId } from '@agentcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem();
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('bad input to the CLI', () => {
  const usage: [string, string[], string][] = [
    ['no command', [], 'hitl-mcp: ask for actions'],
    ['an unknown command', ['launch'], 'unknown command "launch"'],
    ['an unknown option', ['status', '--colour'], "Unknown option '--colour'"],
    ['run with neither query nor tool', ['run'], 'give --query'],
    ['arguments without a tool', ['run', '--args', '{}'], '--args needs --tool'],
    [
      'arguments that are not JSON',
      ['run', '--tool', 'ops__lookup_user', '--args', 'nope'],
      'not JSON',
    ],
    [
      'arguments that are not an object',
      ['run', '--tool', 'ops__lookup_user', '--args', '[1]'],
      'JSON object',
    ],
    [
      'a tool name Bedrock would refuse',
      ['run', '--tool', 'ops lookup!', '--args', '{}'],
      'toolCalls.0.tool',
    ],
    ['a request id that is no ULID', ['status', 'abc'], 'must be a 26-character ULID'],
    [
      'a zero limit',
      ['approvals', 'list', '--limit', '0'],
      '--limit must be a positive whole number',
    ],
    ['an unknown status', ['approvals', 'list', '--status', 'sleeping'], 'status'],
    ['approve without a request id', ['approve'], 'a request id is required'],
    [
      'an unknown local identity',
      ['status', '01M801V66E3B9QHM2AVEF4QHKB', '--as', 'U_APPROVER'],
      'pick one of requester, approver, approver2, admin',
    ],
    ['a subcommand that does not exist', ['keys', 'rotate'], '`keys create`'],
  ];

  it.each(usage)('answers %s with exit code 2 and says why', async (_, argv, message) => {
    // Act: submissions as U_BAD, so that nothing recorded for U_BAD shows a refusal leaked through.
    const asBad =
      argv[0] === 'run' ? await system.keyFlags({ userId: 'U_BAD', roles: ['requester'] }) : [];
    const result = await system.hitl(...argv, ...asBad);

    // Assess
    expect(result.code).toBe(2);
    expect(`${result.stdout}${result.stderr}`).toContain(message);
  });

  it('says a request that does not exist was not found', async () => {
    const result = await system.hitl('status', '01M801V66E3B9QHM2AVEF4QHKB');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('request 01M801V66E3B9QHM2AVEF4QHKB not found');
  });

  it('says a request that is not waiting for approval yet cannot be approved', async () => {
    // Prepare: recorded, but its workflow has not asked anyone yet.
    const requestId = newRequestId(Date.now());
    const recorded = await system.runtime.stores.approvals.create(
      {
        requestId,
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:hitl:${requestId}`,
        requester: { userId: 'U_EARLY' },
        action: {
          requester: { userId: 'U_EARLY' },
          origin: { source: 'api' },
          query: 'reset 2FA for early@example.com',
          summary: 'Reset 2FA for early@example.com',
        },
        intendedTools: ['ops__reset_2fa'],
      },
      'test',
    );

    // Act
    const result = await system.hitl('approve', recorded.requestId, '--as', 'approver');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not waiting for approval yet');
    expect((await system.runtime.stores.approvals.get(recorded.requestId))?.status).toBe(
      'received',
    );
  });

  it('ends a natural-language request nobody can plan, saying why, and runs nothing', async () => {
    // Act
    const unplannable = await system.keyFlags({ userId: 'U_UNPLANNABLE', roles: ['requester'] });
    const result = await system.hitl(
      'run',
      ...unplannable,
      '--query',
      'reset everything for everyone',
      '--wait',
    );
    const recorded = await system.runtime.stores.approvals.listByRequester('U_UNPLANNABLE');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('could not understand "reset everything for everyone"');
    expect(recorded.items).toEqual([
      expect.objectContaining({ status: 'failed', intendedTools: [] }),
    ]);
    expect(recorded.items[0]?.result).toBeUndefined();
  });

  it('writes nothing for any refused request', async () => {
    const recorded = await system.runtime.stores.approvals.listByRequester('U_BAD');
    expect(recorded.items).toEqual([]);
  });
});

describe('bad input to the functions', () => {
  it('answers a caller of the request API with a validation error, not an exception', async () => {
    // Act
    const answer = await system.submit({ origin: { source: 'api' } });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect(JSON.stringify(answer.body)).toContain('query');
  });

  it('throws for a malformed state machine step, so the workflow records a failure', async () => {
    await expect(
      system.runtime.invoke('steps', { step: 'evaluate_policy', requestId: 42 }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(system.runtime.invoke('steps', { step: 'teleport' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(system.runtime.invoke('notifier', { step: 'notify' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('accepts the seed formats on the direct-invoke function, and never runs an unapproved request', async () => {
    // Prepare
    const pending = (
      await system.submit({
        toolCalls: [{ tool: 'ops__reset_2fa', arguments: { email: 'seed@example.com' } }],
      })
    ).body as { requestId: string };
    await system.waitFor(pending.requestId, 'pending');

    // Act
    const early = await system.runtime.invoke('directInvoke', { request_id: pending.requestId });
    const malformed = await system.runtime.invoke('directInvoke', { request_id: 'not-an-id' });
    const text = await system.runtime.invoke('directInvoke', {
      action_text: 'reset 2FA for nobody in particular',
    });
    const mixed = await system.runtime.invoke('directInvoke', {
      request_id: pending.requestId,
      extra: 1,
    });

    // Assess
    expect(early).toMatchObject({ ok: false, error: { code: 'wrong_status' } });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(text).toMatchObject({ ok: true, requestId: expect.any(String) });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(system.ops.callsOf('reset_2fa', 'seed@example.com')).toEqual([]);
    await system.hitl('reject', pending.requestId, '--as', 'approver');
  });

  it('hands a direct request_id invoke to the workflow, never running a request twice', async () => {
    // Prepare
    const done = (
      await system.submit({
        toolCalls: [{ tool: 'ops__lookup_user', arguments: { email: 'twice@example.com' } }],
      })
    ).body as { requestId: string };
    await system.runtime.settled(done.requestId);

    // Act
    const again = await system.runtime.invoke('directInvoke', { request_id: done.requestId });

    // Assess
    expect(again).toMatchObject({ ok: true, request: { status: 'completed' } });
    expect(again).not.toHaveProperty('executionArn');
    expect(system.ops.callsOf('lookup_user', 'twice@example.com')).toHaveLength(1);
  });
});
