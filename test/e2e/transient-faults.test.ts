import { AWS_FAULTS, type FaultProxy } from '@agentcore/stand-ins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

// Faults are injected at the network boundary: proxies in front of DynamoDB Local, the local
// Step Functions API and the SNS stand-in answer with each service's own error replies. Each
// fault is scripted for as many attempts as the SDK client makes (4), so the SDK's own retries
// are exhausted and only the workflow's retry lane (or the people's) can save the request.
const SDK_ATTEMPTS = 4;
// The CLI sends a decision again on a 503 (the API's answer to a failed hand-off), 4 times in all.
const CLI_ATTEMPTS = 4;

let system: LocalSystem;
let faults: { dynamodb: FaultProxy; stepFunctions: FaultProxy; sns: FaultProxy };
let counter = 0;

beforeAll(async () => {
  system = await startLocalSystem({ faultProxies: true, env: { SWEEP_GRACE_SECONDS: '0' } });
  if (!system.runtime.faults) throw new Error('the runtime was started without fault proxies');
  faults = system.runtime.faults;
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

function user(): string {
  counter += 1;
  return `fault${counter}-${Date.now()}@example.com`;
}

async function submit(tool: string, email: string): Promise<string> {
  const result = await system.hitl(
    'run',
    '--tool',
    tool,
    '--args',
    JSON.stringify({ email }),
    '--json',
  );
  expect(result.code, result.stderr).toBe(0);
  return requestIdOf(result.stdout);
}

describe('transient AWS faults', () => {
  it('retries a step whose DynamoDB write is throttled, and the request completes', async () => {
    // Prepare: throttle the Execute step's move to `executing`.
    const email = user();
    faults.dynamodb.failNext(
      'DynamoDB.TransactWriteItems',
      SDK_ATTEMPTS,
      AWS_FAULTS.dynamoDbThrottle,
      {
        bodyContains: '"executing"',
      },
    );
    const before = faults.dynamodb.calls('DynamoDB.TransactWriteItems');

    // Act
    const requestId = await submit('ops__lookup_user', email);
    const execution = await system.runtime.settled(requestId);

    // Assess
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('completed');
    expect(system.ops.callsOf('lookup_user', email)).toHaveLength(1);
    expect(faults.dynamodb.calls('DynamoDB.TransactWriteItems') - before).toBeGreaterThan(
      SDK_ATTEMPTS,
    );
  });

  it('retries the notifier when SNS answers 5xx, and the requester is told once', async () => {
    // Prepare
    const email = user();
    faults.sns.failNext('SNS.Publish', SDK_ATTEMPTS, AWS_FAULTS.snsInternalError, {
      bodyContains: 'Subject=Done',
    });
    const before = faults.sns.calls('SNS.Publish');

    // Act
    const requestId = await submit('ops__lookup_user', email);
    const execution = await system.runtime.settled(requestId);

    // Assess
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('completed');
    expect(system.notifications.filter((text) => text.includes(requestId))).toHaveLength(1);
    expect(faults.sns.calls('SNS.Publish') - before).toBe(SDK_ATTEMPTS + 1);
  });

  it('hands a decision over again when SendTaskSuccess failed: the CLI sends it again', async () => {
    // Prepare: the hand-off fails once (all of the SDK's attempts), so the API answers 503.
    const email = user();
    const requestId = await submit('ops__reset_2fa', email);
    await system.waitFor(requestId, 'pending');
    faults.stepFunctions.failNext(
      'StepFunctions.SendTaskSuccess',
      SDK_ATTEMPTS,
      AWS_FAULTS.stepFunctionsInternalFailure,
    );
    const before = faults.stepFunctions.calls('StepFunctions.SendTaskSuccess');

    // Act
    const approved = await system.hitl('approve', requestId, '--as', 'approver');
    const execution = await system.runtime.settled(requestId);

    // Assess: the CLI's second attempt handed the recorded decision over; it ran once.
    expect(approved.code, approved.stderr).toBe(0);
    expect(faults.stepFunctions.calls('StepFunctions.SendTaskSuccess') - before).toBe(
      SDK_ATTEMPTS + 1,
    );
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('completed');
    expect(system.ops.callsOf('reset_2fa', email)).toHaveLength(1);
  });

  it("hands a decision over again on the approver's own retry when the CLI gave up", async () => {
    // Prepare: every attempt the CLI makes fails to hand the decision over.
    const email = user();
    const requestId = await submit('ops__reset_2fa', email);
    await system.waitFor(requestId, 'pending');
    faults.stepFunctions.failNext(
      'StepFunctions.SendTaskSuccess',
      SDK_ATTEMPTS * CLI_ATTEMPTS,
      AWS_FAULTS.stepFunctionsInternalFailure,
    );

    // Act
    const first = await system.hitl('approve', requestId, '--as', 'approver');
    const afterFirst = await system.runtime.stores.approvals.get(requestId);
    const retry = await system.hitl('approve', requestId, '--as', 'approver');
    const execution = await system.runtime.settled(requestId);

    // Assess
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('is recorded, but handing it to the workflow failed');
    expect(first.stderr).toMatch(/\(request id [\w-]+\)/);
    expect(afterFirst?.status).toBe('approved');
    expect(retry.code, retry.stderr).toBe(0);
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('completed');
    expect(system.ops.callsOf('reset_2fa', email)).toHaveLength(1);
  });

  it('lets the decision sweeper hand over a decision nobody retried', async () => {
    // Prepare
    const email = user();
    const requestId = await submit('ops__reset_2fa', email);
    await system.waitFor(requestId, 'pending');
    faults.stepFunctions.failNext(
      'StepFunctions.SendTaskSuccess',
      SDK_ATTEMPTS * CLI_ATTEMPTS,
      AWS_FAULTS.stepFunctionsInternalFailure,
    );
    const refused = await system.hitl('reject', requestId, '--as', 'approver');

    // Act
    const report = await system.runtime.invoke('decisionSweeper', {});
    const execution = await system.runtime.settled(requestId);

    // Assess
    expect(refused.code).toBe(1);
    expect(report).toMatchObject({ handedOff: [requestId], failed: [] });
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
    expect((await system.runtime.stores.approvals.get(requestId))?.status).toBe('rejected');
    expect(
      system.notifications.some((text) => text.includes(requestId) && text.includes('Rejected')),
    ).toBe(true);
    expect(system.ops.callsOf('reset_2fa', email)).toEqual([]);
  });
});
