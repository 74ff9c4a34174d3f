import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem();
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('the built-in Jira server on the local runtime (Jira Cloud stand-in)', () => {
  it('creates a project only after approval, and the project then exists', async () => {
    // Prepare
    const args = { name: 'Product Launch', key: 'LAUNCH', projectTemplateKey: 'scrum' };
    const submitted = await system.hitl(
      'run',
      '--tool',
      'jira__create_project',
      '--args',
      JSON.stringify(args),
      '--json',
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const requestId = requestIdOf(submitted.stdout);
    const pending = await system.waitFor(requestId, 'pending');
    const before = await system.hitl(
      'run',
      '--tool',
      'jira__lookup_project_key',
      '--args',
      JSON.stringify({ name: 'LAUNCH' }),
      '--wait',
    );

    // Act
    const approved = await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const status = await system.hitl('status', requestId);
    const after = await system.hitl(
      'run',
      '--tool',
      'jira__lookup_project_key',
      '--args',
      JSON.stringify({ name: 'LAUNCH' }),
      '--wait',
    );

    // Assess
    expect(pending.toolPins).toHaveProperty('jira__create_project');
    expect(before.stdout).toContain('COMPLETED');
    expect(before.stdout).not.toContain('"projectKey":"LAUNCH"');
    expect(approved.code, approved.stderr).toBe(0);
    expect(status.stdout).toContain('COMPLETED');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('"found":true,"projectKey":"LAUNCH"');
  });
});
