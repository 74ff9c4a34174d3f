import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;

beforeAll(async () => {
  system = await startLocalSystem();
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

describe('the Google Admin server on the local runtime', () => {
  it("turns off Bob's 2-Step Verification only once an approver approves", async () => {
    // Prepare
    const submitted = await system.hitl(
      'run',
      '--tool',
      'google_admin__reset_2fa',
      '--args',
      '{"email":"bob@example.com"}',
      '--json',
    );
    expect(submitted.code, submitted.stderr).toBe(0);
    const requestId = requestIdOf(submitted.stdout);
    const pending = await system.waitFor(requestId, 'pending');
    const enrolledBeforeApproval = system.runtime.google.user('bob@example.com')?.isEnrolledIn2Sv;

    // Act
    const approved = await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const completed = await system.waitFor(requestId, 'completed');

    // Assess
    // The category is the tool's own (account access: high risk), derived on the server.
    expect(pending.policy).toMatchObject({
      outcome: 'require_approval',
      policyIds: [
        'default.destructive-tools',
        'default.google-account-changes',
        'default.high-risk-categories',
      ],
    });
    expect(enrolledBeforeApproval).toBe(true);
    expect(approved.code, approved.stderr).toBe(0);
    expect(completed.status).toBe('completed');
    expect(system.runtime.google.user('bob@example.com')?.isEnrolledIn2Sv).toBe(false);
    const turnOffs = system.runtime.google.requests.filter((request) =>
      request.path.endsWith('/twoStepVerification/turnOff'),
    );
    expect(turnOffs).toHaveLength(1);
  });
});
