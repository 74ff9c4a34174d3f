import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

const dataDir = mkdtempSync(join(tmpdir(), 'agentcore-sandbox-'));
const running: LocalSystem[] = [];

afterAll(async () => {
  for (const system of running) await system.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the sandbox across restarts of the local runtime', () => {
  it("keeps Bob's 2SV reset and a booked meeting, until it is seeded again on request", async () => {
    // Prepare: Bob's 2SV turned off and a meeting booked, both approved and run.
    const first = await startLocalSystem({ dataDir });
    running.push(first);
    await first.runtime.stores.config.save({
      key: 'directory',
      value: {
        people: [
          { userId: 'U_ALICE', displayName: 'Alice', email: 'alice@example.com', groups: [] },
          { userId: 'U_APPROVER', displayName: 'Ana', groups: ['approvers'] },
        ],
      },
      author: 'e2e',
    });
    const ids: string[] = [];
    for (const query of [
      'reset 2FA for bob@example.com',
      'book a meeting about "Sandbox kept" with bob@example.com tomorrow at 11',
    ]) {
      const submitted = await first.hitl('run', '--query', query, '--json');
      expect(submitted.code, submitted.stderr).toBe(0);
      const requestId = requestIdOf(submitted.stdout);
      await first.waitFor(requestId, 'pending');
      await first.hitl('approve', requestId, '--as', 'approver');
      await first.runtime.settled(requestId);
      await first.waitFor(requestId, 'completed');
      ids.push(requestId);
    }
    await first.stop();
    running.pop();

    // Act
    const second = await startLocalSystem({ dataDir });
    running.push(second);
    const keptBob = second.runtime.google.user('bob@example.com');
    const keptMeeting = second.runtime.google.calendar.events.find(
      (event) => event.summary === 'Sandbox kept',
    );
    await second.stop();
    running.pop();
    const third = await startLocalSystem({ dataDir, reseedSandbox: true });
    running.push(third);

    // Assess
    expect(ids).toHaveLength(2);
    expect(keptBob?.isEnrolledIn2Sv).toBe(false);
    expect(keptMeeting).toMatchObject({
      calendarId: 'alice@example.com',
      attendees: [{ email: 'bob@example.com' }],
    });
    const file = join(dataDir, 'sandbox', 'google.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toMatch(/PRIVATE KEY|ya29\./);
    expect(third.runtime.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(true);
    expect(
      third.runtime.google.calendar.events.some((event) => event.summary === 'Sandbox kept'),
    ).toBe(false);
  });
});
