import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalItem } from '@agentcore/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

const dataDir = mkdtempSync(join(tmpdir(), 'agentcore-restart-'));
const running: LocalSystem[] = [];

afterAll(async () => {
  for (const system of running) await system.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a restart of the local runtime', () => {
  it('keeps a pending approval pending, and it can still be approved and run', async () => {
    // Prepare
    const first = await startLocalSystem({ dataDir });
    running.push(first);
    const email = `restart-${Date.now()}@example.com`;
    const submitted = await first.hitl(
      'run',
      '--tool',
      'ops__reset_2fa',
      '--args',
      JSON.stringify({ email }),
      '--json',
    );
    const requestId = requestIdOf(submitted.stdout);
    const before = await first.waitFor(requestId, 'pending');
    await first.stop();
    running.pop();

    // Act
    const second = await startLocalSystem({ dataDir });
    running.push(second);
    const after = (await second.until(
      () => second.runtime.stores.approvals.get(requestId),
      (item) => item?.status === 'pending' && item.taskToken !== before.taskToken,
      'the resumed wait to hold a new task token',
    )) as ApprovalItem;
    const listed = await second.hitl('approvals', 'list');
    const approved = await second.hitl('approve', requestId, '--as', 'approver');
    await second.runtime.settled(requestId);
    const status = await second.hitl('status', requestId);
    // Both runs MAC the request's chain with the data folder's key file.
    const chain = await second.runtime.stores.audit.verify(requestId);

    // Assess
    expect(second.runtime.resumed).toBeGreaterThanOrEqual(1);
    expect(after.taskToken).not.toBe(before.taskToken);
    expect(listed.stdout).toContain(requestId);
    expect(approved.code, approved.stderr).toBe(0);
    expect(status.stdout).toContain('COMPLETED');
    expect(chain).toMatchObject({ ok: true });
    expect(statSync(join(dataDir, 'audit.key')).mode & 0o777).toBe(0o600);
    expect(first.ops.callsOf('reset_2fa', email)).toEqual([]);
    expect(second.ops.callsOf('reset_2fa', email)).toHaveLength(1);
    expect(
      second.notifications.filter(
        (text) => text.includes('Approval needed') && text.includes(email),
      ),
    ).toEqual([]);
  });
});
