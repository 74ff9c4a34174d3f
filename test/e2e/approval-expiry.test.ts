import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalItem } from '@agentcore/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalSystem, startLocalSystem } from '../support/local-system.js';
import { ManualTime } from '../support/manual-time.js';

const running: LocalSystem[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const system of running.splice(0)) await system.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One local system after another on the same data dir, all on one manual time. */
function restartable() {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentcore-expiry-'));
  dirs.push(dataDir);
  const time = new ManualTime();
  let current: LocalSystem | undefined;
  return {
    time,
    start: async () => {
      current = await startLocalSystem({ dataDir, clock: time.clock, timers: time.timers });
      running.push(current);
      return current;
    },
    stop: async () => {
      if (!current) return;
      running.splice(running.indexOf(current), 1);
      await current.stop();
      current = undefined;
    },
  };
}

async function pendingReset(system: LocalSystem, email: string) {
  const submitted = await system.submit({
    toolCalls: [{ tool: 'ops__reset_2fa', arguments: { email } }],
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const requestId = submitted.body.requestId as string;
  const item = await system.waitFor(requestId, 'pending');
  if (!item.expiresAt) throw new Error('a pending request has an expiry');
  return { requestId, expiresAt: item.expiresAt };
}

describe('approval expiry, by time', () => {
  it('refuses a decision 18 s past expiresAt with 409 "expired at …", and runs nothing', async () => {
    // Prepare
    const local = restartable();
    const system = await local.start();
    const email = `late-${Date.now()}@example.com`;
    const { requestId, expiresAt } = await pendingReset(system, email);
    local.time.advanceTo(new Date(Date.parse(expiresAt) + 18_000));

    // Act
    const late = await system.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver',
    );

    // Assess
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).toContain(`expired at ${expiresAt}`);
    await system.waitFor(requestId, 'expired');
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([]);
    await local.stop();
  });

  it('after a restart, waits only for the time left, expires at expiresAt, and refuses a late decision', async () => {
    // Prepare
    const local = restartable();
    const first = await local.start();
    const email = `restart-expiry-${Date.now()}@example.com`;
    const { requestId, expiresAt } = await pendingReset(first, email);
    const before = await first.waitFor(requestId, 'pending');
    await local.stop();
    // Down until a minute before the window closes.
    local.time.advanceTo(new Date(Date.parse(expiresAt) - 60_000));

    // Act
    const second = await local.start();
    // The resumed wait is armed once the request holds the new run's task token.
    const rearmed = (await second.until(
      () => second.runtime.stores.approvals.get(requestId),
      (item) => item?.status === 'pending' && item.taskToken !== before.taskToken,
      'the resumed wait to hold a new task token',
    )) as ApprovalItem;
    local.time.advance(61_000);
    const expired = await second.waitFor(requestId, 'expired');
    local.time.advance(18_000);
    const late = await second.api(
      'POST',
      `/requests/${requestId}/decision`,
      { verdict: 'approved' },
      'approver',
    );

    // Assess
    expect(second.runtime.resumed).toBeGreaterThanOrEqual(1);
    expect(rearmed.taskToken).not.toBe(before.taskToken);
    expect(expired.expiresAt).toBe(expiresAt);
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).toContain(`expired at ${expiresAt}`);
    expect(second.ops.callsOf('reset_2fa', email)).toEqual([]);
  });
});
