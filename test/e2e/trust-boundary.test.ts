import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;
let lambda: LambdaClient;

beforeAll(async () => {
  system = await startLocalSystem();
  lambda = new LambdaClient({
    region: system.runtime.region,
    endpoint: system.runtime.endpoint,
    credentials: system.runtime.credentials,
  });
}, 120_000);

afterAll(async () => {
  lambda?.destroy();
  await system?.stop();
});

/** Invokes a function through the Lambda Invoke API, as the CLI (or any caller) does. */
async function invoke(functionName: string, event: unknown): Promise<unknown> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
  );
  return {
    functionError: result.FunctionError,
    payload: JSON.parse(Buffer.from(result.Payload ?? []).toString('utf8') || 'null'),
  };
}

async function pendingRequest(): Promise<string> {
  const submitted = await system.hitl(
    'run',
    '--tool',
    'ops__reset_2fa',
    '--args',
    JSON.stringify({ email: `boundary-${Date.now()}@example.com` }),
    '--json',
  );
  expect(submitted.code, submitted.stderr).toBe(0);
  const requestId = requestIdOf(submitted.stdout);
  await system.waitFor(requestId, 'pending');
  return requestId;
}

describe("the workflow's steps, seen from a caller's path", () => {
  it('cannot be reached through the request API or the direct-invoke function', async () => {
    // Prepare
    const requestId = await pendingRequest();
    const before = await system.runtime.stores.approvals.get(requestId);
    const executionArn = before?.executionArn;
    const steps = [
      { step: 'expire', requestId, executionArn },
      { step: 'fail', requestId, executionArn, error: { Error: 'Forged', Cause: 'by a caller' } },
      {
        step: 'await_approval',
        requestId,
        executionArn,
        taskToken: 'a-token-the-caller-controls',
        expiresInSeconds: 60,
        policy: before?.policy,
      },
    ];
    const { directInvoke } = system.runtime.functions;

    // Act
    const answers = [];
    for (const event of steps) answers.push(await invoke(directInvoke, event));
    // A caller naming a step under the request API's old operation field fares no better.
    for (const event of steps)
      answers.push(await invoke(directInvoke, { ...event, operation: event.step }));
    const overHttp = [];
    for (const event of steps) overHttp.push(await system.submit(event));

    // Assess: every one refused as bad input, and the request exactly as it was.
    for (const answer of answers) {
      expect(answer).toMatchObject({
        functionError: undefined,
        payload: { ok: false, error: { code: 'validation_failed' } },
      });
    }
    for (const answer of overHttp) {
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    }
    const after = await system.runtime.stores.approvals.get(requestId);
    expect(after).toEqual(before);
    const audit = await system.runtime.stores.audit.list(requestId);
    expect(audit.map((event) => event.type)).not.toContain('request.amended');
    await system.hitl('reject', requestId, '--as', 'approver');
  });

  it('refuses a step sent by any execution but the request’s own', async () => {
    // Prepare
    const requestId = await pendingRequest();
    const before = await system.runtime.stores.approvals.get(requestId);
    const forged = `${system.runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:other`;

    // Act
    const answer = await invoke(system.runtime.functions.steps, {
      step: 'expire',
      requestId,
      executionArn: forged,
    });

    // Assess
    expect(answer).toMatchObject({
      functionError: 'Unhandled',
      payload: { errorType: 'StaleExecutionError' },
    });
    expect(await system.runtime.stores.approvals.get(requestId)).toEqual(before);
    await system.hitl('reject', requestId, '--as', 'approver');
  });
});
