import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AwsApiServer,
  FileExecutionJournal,
  LOCAL_AWS,
  LocalFunctions,
  LocalStateMachine,
  runCredentials,
  TaskTokenBroker,
} from '@agentcore/local';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualTime } from '../../support/manual-time.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:test';
// The interpreter also times the wait out, by the real clock: an hour keeps it out of the way,
// so that only the broker, on the manual clock, decides when a task has waited too long.
const WAIT_TIMEOUT_SECONDS = 3600;

/** The task tokens the wait function was handed, in order of arrival. */
class Tokens {
  private readonly seen: string[] = [];
  private readonly listeners: (() => void)[] = [];

  add(token: string): void {
    this.seen.push(token);
    for (const listener of this.listeners.splice(0)) listener();
  }

  /** The index-th token, as soon as the wait function has been handed it. */
  async at(index: number): Promise<string> {
    for (;;) {
      const token = this.seen[index];
      if (token !== undefined) return token;
      await new Promise<void>((resolve) => this.listeners.push(resolve));
    }
  }
}

interface Harness {
  sfn: SFNClient;
  lambda: LambdaClient;
  machine: LocalStateMachine;
  broker: TaskTokenBroker;
  time: ManualTime;
  tokens: Tokens;
  calls: Record<string, number>;
  close: () => Promise<void>;
}

const dirs: string[] = [];
const open: Harness[] = [];

afterEach(async () => {
  for (const harness of open.splice(0)) await harness.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small machine shaped like ours: a task that may throw, a token wait with timeout, a catch. */
function definition(waitTimeoutSeconds: number, heartbeatSeconds?: number) {
  const functions = new LocalFunctions('us-east-1', '000000000000');
  const work = functions.arnOf('work');
  const wait = functions.arnOf('wait');
  return {
    functions,
    definition: {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: work,
          Parameters: { 'failTimes.$': '$.failTimes' },
          ResultPath: '$.work',
          TimeoutSeconds: 10,
          Retry: [{ ErrorEquals: ['RetryableError'], IntervalSeconds: 0, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
          Next: 'Wait',
        },
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: wait, Payload: { 'taskToken.$': '$$.Task.Token' } },
          TimeoutSeconds: waitTimeoutSeconds,
          ...(heartbeatSeconds ? { HeartbeatSeconds: heartbeatSeconds } : {}),
          ResultPath: '$.approval',
          Catch: [
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' },
            { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' },
          ],
          End: true,
        },
        Expired: { Type: 'Pass', Result: 'expired', ResultPath: '$.outcome', End: true },
        Failed: { Type: 'Pass', Result: 'failed', ResultPath: '$.outcome', End: true },
      },
    },
  };
}

async function start(options: { heartbeatSeconds?: number; dir?: string } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sfn-'));
  if (!options.dir) dirs.push(dir);
  const { functions, definition: machineDefinition } = definition(
    WAIT_TIMEOUT_SECONDS,
    options.heartbeatSeconds,
  );
  const tokens = new Tokens();
  const calls: Record<string, number> = {};
  functions.register('work', async (event) => {
    const key = JSON.stringify(event);
    calls[key] = (calls[key] ?? 0) + 1;
    const { failTimes } = event as { failTimes: number };
    if (calls[key] <= failTimes) {
      const error = new Error(`transient failure ${calls[key]}`);
      error.name = 'RetryableError';
      throw error;
    }
    return { attempts: calls[key] };
  });
  functions.register('wait', async (event) => {
    tokens.add((event as { taskToken: string }).taskToken);
    return null;
  });
  // Timers that move only when the test advances them, so task timeouts need no waiting.
  const time = new ManualTime();
  const broker = new TaskTokenBroker(time.timers);
  const machine = new LocalStateMachine({
    stateMachineArn: STATE_MACHINE_ARN,
    definition: machineDefinition,
    functions,
    journal: new FileExecutionJournal(dir),
    broker,
  });
  const credentials = runCredentials();
  const server = new AwsApiServer({ stateMachine: machine, broker, functions, credentials });
  const endpoint = await server.listen();
  const aws = { region: LOCAL_AWS.region, credentials, endpoint, maxAttempts: 1 };
  const sfn = new SFNClient(aws);
  const lambda = new LambdaClient(aws);
  const harness: Harness = {
    sfn,
    lambda,
    machine,
    broker,
    time,
    tokens,
    calls,
    close: async () => {
      await machine.close();
      await server.close();
      sfn.destroy();
      lambda.destroy();
    },
  };
  open.push(harness);
  return { ...harness, dir };
}

describe('local Step Functions through the AWS SDK', () => {
  it('retries a task that throws a transient error, then waits for the token and succeeds', async () => {
    // Prepare
    const h = await start();
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'ok',
        input: '{"failTimes":1}',
      }),
    );

    // Act
    const token = await h.tokens.at(0);
    await h.sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: '{"verdict":"approved"}' }),
    );
    await h.machine.settled(executionArn as string);
    const described = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({
      failTimes: 1,
      work: { attempts: 2 },
      approval: { verdict: 'approved' },
    });
    await expect(
      h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('goes down the Catch path when the retries are used up', async () => {
    // Prepare
    const h = await start();

    // Act
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'boom',
        input: '{"failTimes":5}',
      }),
    );
    const record = await h.machine.settled(executionArn as string);

    // Assess
    const output = JSON.parse(record.output ?? '');
    expect(output.outcome).toBe('failed');
    expect(output.error.Error).toBe('RetryableError');
    expect(JSON.parse(output.error.Cause)).toEqual({
      errorType: 'RetryableError',
      errorMessage: 'transient failure 3',
    });
  });

  it('times a waiting task out and refuses its token afterwards', async () => {
    // Prepare
    const h = await start();
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'late',
        input: '{"failTimes":0}',
      }),
    );
    const token = await h.tokens.at(0);

    // Act
    h.time.advance(WAIT_TIMEOUT_SECONDS * 1000 - 1);
    const waitingJustBefore = h.broker.pending;
    h.time.advance(1);
    const waitingAtTimeout = h.broker.pending;
    const record = await h.machine.settled(executionArn as string);
    const late = h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    // Assess
    expect(waitingJustBefore).toBe(1);
    expect(waitingAtTimeout).toBe(0);
    expect(JSON.parse(record.output ?? '').outcome).toBe('expired');
    await expect(late).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('fails a task on SendTaskFailure and keeps it alive with heartbeats', async () => {
    // Prepare
    const h = await start({ heartbeatSeconds: 2 });
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'hb',
        input: '{"failTimes":0}',
      }),
    );
    const token = await h.tokens.at(0);

    // Act
    // Three beats 1.5 s apart span 4.5 s, more than twice the 2 s interval: only the beats keep
    // it alive (a heartbeat to a timed-out task would be refused with TaskTimedOut).
    for (let beat = 0; beat < 3; beat++) {
      h.time.advance(1_500);
      await h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    await h.sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'no' }),
    );
    const record = await h.machine.settled(executionArn as string);

    // Assess
    const output = JSON.parse(record.output ?? '');
    expect(output.outcome).toBe('failed');
    expect(output.error).toEqual({ Error: 'Rejected', Cause: 'no' });
  });

  it('fails a waiting task whose heartbeats stop', async () => {
    // Prepare
    const h = await start({ heartbeatSeconds: 2 });
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'silent',
        input: '{"failTimes":0}',
      }),
    );
    const token = await h.tokens.at(0);
    h.time.advance(1_500);
    await h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));

    // Act: the last beat was 1.5 s in, so the task times out at 3.5 s and not before.
    h.time.advance(1_999);
    const waitingJustBefore = h.broker.pending;
    h.time.advance(1);
    const waitingAtTimeout = h.broker.pending;
    const record = await h.machine.settled(executionArn as string);
    const late = await h.sfn
      .send(new SendTaskHeartbeatCommand({ taskToken: token }))
      .catch((error: Error) => error);

    // Assess
    expect(waitingJustBefore).toBe(1);
    expect(waitingAtTimeout).toBe(0);
    expect(JSON.parse(record.output ?? '').error.Error).toBe('States.HeartbeatTimeout');
    expect(late).toMatchObject({ name: 'TaskTimedOut' });
  });

  it('stops an execution, and treats a repeated start with the same name and input as the same one', async () => {
    // Prepare
    const h = await start();
    const first = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'stop-me',
        input: '{"failTimes":0}',
      }),
    );
    const again = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'stop-me',
        input: '{"failTimes":0}',
      }),
    );
    await h.tokens.at(0);

    // Act
    await h.sfn.send(
      new StopExecutionCommand({ executionArn: first.executionArn, cause: 'operator' }),
    );
    const described = await h.sfn.send(
      new DescribeExecutionCommand({ executionArn: first.executionArn }),
    );
    const conflicting = h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'stop-me',
        input: '{"failTimes":9}',
      }),
    );

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(described).toMatchObject({ status: 'ABORTED', cause: 'operator' });
    await expect(conflicting).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    expect(h.calls['{"failTimes":0}']).toBe(1);
  });

  it('resumes an unfinished execution after a restart and can still be completed', async () => {
    // Prepare
    const h = await start();
    const { executionArn } = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'survivor',
        input: '{"failTimes":0}',
      }),
    );
    const oldToken = await h.tokens.at(0);
    await h.close();
    open.splice(open.indexOf(h), 1);

    // Act
    const restarted = await start({ dir: h.dir });
    const resumed = restarted.machine.resumeUnfinished();
    const newToken = await restarted.tokens.at(0);
    const stale = await restarted.sfn
      .send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{}' }))
      .catch((error: Error) => error);
    await restarted.sfn.send(
      new SendTaskSuccessCommand({ taskToken: newToken, output: '{"verdict":"approved"}' }),
    );
    const record = await restarted.machine.settled(executionArn as string);

    // Assess
    expect(resumed).toBe(1);
    expect(newToken).not.toBe(oldToken);
    expect(stale).toMatchObject({ name: 'TaskDoesNotExist' });
    expect(record.status).toBe('SUCCEEDED');
  });

  it('answers Lambda Invoke for a registered function, with function errors as Lambda reports them', async () => {
    // Prepare
    const h = await start();

    // Act
    const ok = await h.lambda.send(
      new InvokeCommand({ FunctionName: 'work', Payload: Buffer.from('{"failTimes":0}') }),
    );
    const failing = await h.lambda.send(
      new InvokeCommand({
        FunctionName: 'work',
        Payload: Buffer.from('{"failTimes":1,"other":1}'),
      }),
    );
    const missing = h.lambda.send(
      new InvokeCommand({ FunctionName: 'nope', Payload: Buffer.from('{}') }),
    );

    // Assess
    expect(JSON.parse(Buffer.from(ok.Payload ?? []).toString())).toEqual({ attempts: 1 });
    expect(failing.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(failing.Payload ?? []).toString())).toMatchObject({
      errorType: 'RetryableError',
      errorMessage: 'transient failure 1',
    });
    await expect(missing).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
