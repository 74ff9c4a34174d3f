import { type StateMachineDefinition, WAIT_FOR_TASK_TOKEN_RESOURCE } from '@agentcore/workflow';
import { ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { ExecutionJournal, ExecutionRecord } from './execution-journal.js';
import type { LocalFunctions } from './local-functions.js';
import type { TaskTokenBroker } from './task-token-broker.js';

/** Step Functions API errors, named as the SDK expects them. */
export class StepFunctionsError extends Error {
  constructor(
    readonly awsType: string,
    message: string,
  ) {
    super(message);
    this.name = awsType;
  }
}

// `$$.Task.Token` resolves to this; the broker's real token replaces it before the call.
const TOKEN_PLACEHOLDER = '__local_task_token__';
// Extra Parameters the interpreter evaluates for us, so the broker knows the task's limits.
const TIMEOUT_KEY = '__localTimeoutSeconds';
const HEARTBEAT_KEY = '__localHeartbeatSeconds';

type State = Record<string, unknown>;

/** Adds the timeout and heartbeat of each waitForTaskToken task to what the interpreter evaluates. */
function withBrokerLimits(definition: StateMachineDefinition): StateMachineDefinition {
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Resource !== WAIT_FOR_TASK_TOKEN_RESOURCE) {
      states[name] = state;
      continue;
    }
    const parameters: Record<string, unknown> = { ...(state.Parameters as object) };
    const local: State = { ...state, Parameters: parameters };
    if (state.TimeoutSecondsPath) {
      parameters[`${TIMEOUT_KEY}.$`] = state.TimeoutSecondsPath;
      // AWS reads the path from the state's input; the interpreter reads it after Parameters.
      local.TimeoutSecondsPath = `$.${TIMEOUT_KEY}`;
    } else {
      parameters[TIMEOUT_KEY] = state.TimeoutSeconds ?? 60;
    }
    if (state.HeartbeatSecondsPath) parameters[`${HEARTBEAT_KEY}.$`] = state.HeartbeatSecondsPath;
    else if (state.HeartbeatSeconds) parameters[HEARTBEAT_KEY] = state.HeartbeatSeconds;
    states[name] = local;
  }
  return { ...definition, States: states };
}

function replaceToken(value: unknown, token: string): unknown {
  if (value === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((item) => replaceToken(item, token));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceToken(item, token)]),
    );
  }
  return value;
}

interface Running {
  abort: () => void;
  settled: Promise<void>;
  stopRequested?: { error?: string; cause?: string };
}

export interface LocalStateMachineOptions {
  stateMachineArn: string;
  definition: StateMachineDefinition;
  functions: LocalFunctions;
  journal: ExecutionJournal;
  broker: TaskTokenBroker;
  /** The time task deadlines are kept by (tests pass a manual one, with the broker's timers). */
  clock?: () => Date;
}

/**
 * A Standard state machine run locally by aws-local-stepfunctions: the same ASL, Task states
 * invoking our functions in-process, waitForTaskToken tasks waiting on the broker, and every
 * execution journaled so that unfinished ones resume after a restart.
 */
export class LocalStateMachine {
  private readonly machine: StateMachine;
  private readonly definition: StateMachineDefinition;
  private readonly running = new Map<string, Running>();
  private closing = false;

  constructor(private readonly options: LocalStateMachineOptions) {
    this.definition = withBrokerLimits(options.definition);
    this.machine = new StateMachine(this.definition as never, {
      validationOptions: { checkArn: false },
    });
  }

  get stateMachineArn(): string {
    return this.options.stateMachineArn;
  }

  /** Same name and input: the same execution (as AWS does for Standard workflows). */
  start(name: string, input: string): ExecutionRecord {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new StepFunctionsError('InvalidName', `invalid execution name: ${name}`);
    }
    try {
      JSON.parse(input);
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'execution input is not JSON');
    }
    const existing = this.options.journal.get(name);
    if (existing) {
      if (existing.input === input) return existing;
      throw new StepFunctionsError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${existing.executionArn}'`,
      );
    }
    const record: ExecutionRecord = {
      executionArn: `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
    };
    this.options.journal.save(record);
    this.run(record);
    return record;
  }

  describe(executionArn: string): ExecutionRecord {
    const record = this.options.journal.get(this.nameOf(executionArn));
    if (!record || record.executionArn !== executionArn) {
      throw new StepFunctionsError(
        'ExecutionDoesNotExist',
        `Execution Does Not Exist: '${executionArn}'`,
      );
    }
    return record;
  }

  async stop(executionArn: string, error?: string, cause?: string): Promise<ExecutionRecord> {
    const record = this.describe(executionArn);
    const running = this.running.get(executionArn);
    if (record.status !== 'RUNNING' || !running) return record;
    running.stopRequested = { error, cause };
    running.abort();
    this.options.broker.abandon(executionArn, cause ?? 'execution stopped');
    await running.settled;
    return this.describe(executionArn);
  }

  /** Runs again every execution that had not finished when the runtime last stopped. */
  resumeUnfinished(): number {
    const unfinished = this.options.journal.unfinished();
    for (const record of unfinished) this.run(record);
    return unfinished.length;
  }

  /** Resolves when the execution has finished (whatever its status). */
  async settled(executionArn: string): Promise<ExecutionRecord> {
    await this.running.get(executionArn)?.settled;
    return this.describe(executionArn);
  }

  /** Stops running executions without finishing them: they resume on the next start. */
  async close(): Promise<void> {
    this.closing = true;
    const all = [...this.running.entries()];
    for (const [arn, running] of all) {
      running.abort();
      this.options.broker.abandon(arn, 'local runtime stopped');
    }
    await Promise.all(all.map(([, running]) => running.settled));
  }

  private nameOf(executionArn: string): string {
    return executionArn.slice(executionArn.lastIndexOf(':') + 1);
  }

  private now(): number {
    return (this.options.clock?.() ?? new Date()).getTime();
  }

  /**
   * How long a token wait may last: its whole timeout when it starts, and only what is left of
   * it when a resumed run arms the same wait again (the restart does not give it a new window).
   */
  private armWait(record: ExecutionRecord, state: string, timeoutSeconds: number | undefined) {
    if (timeoutSeconds === undefined) return undefined;
    const now = this.now();
    const deadline = record.taskDeadlines?.[state];
    if (deadline !== undefined) return Math.max(0, (Date.parse(deadline) - now) / 1000);
    record.taskDeadlines = {
      ...record.taskDeadlines,
      [state]: new Date(now + timeoutSeconds * 1000).toISOString(),
    };
    this.options.journal.save(record);
    return timeoutSeconds;
  }

  /** The wait ended (answered, timed out or failed): a later wait in the same state starts afresh. */
  private endWait(record: ExecutionRecord, state: string) {
    // Stopped by the runtime closing: the wait resumes on the next start, with what is left.
    if (this.closing || !record.taskDeadlines?.[state]) return;
    const { [state]: _ended, ...rest } = record.taskDeadlines;
    record.taskDeadlines = rest;
    if (this.running.has(record.executionArn)) this.options.journal.save(record);
  }

  private taskHandlers(
    record: ExecutionRecord,
  ): Record<string, (input: unknown) => Promise<unknown>> {
    const { executionArn } = record;
    const { functions, broker } = this.options;
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, state] of Object.entries(this.definition.States)) {
      if (state.Type !== 'Task') continue;
      const task =
        state.Resource === WAIT_FOR_TASK_TOKEN_RESOURCE
          ? async (input: unknown) => {
              const parameters = input as Record<string, unknown>;
              const { token, outcome } = broker.issue(executionArn, {
                timeoutSeconds: this.armWait(
                  record,
                  name,
                  parameters[TIMEOUT_KEY] as number | undefined,
                ),
                heartbeatSeconds: parameters[HEARTBEAT_KEY] as number | undefined,
              });
              outcome.then(
                () => this.endWait(record, name),
                () => this.endWait(record, name),
              );
              try {
                await functions.invoke(
                  String(parameters.FunctionName),
                  replaceToken(parameters.Payload, token),
                );
              } catch (error) {
                broker.abandonToken(token);
                throw error;
              }
              return outcome;
            }
          : (input: unknown) => functions.invoke(String(state.Resource), input);
      handlers[name] = (input) => {
        const result = task(input);
        // The interpreter may stop listening before a task ends (an abort, a failure of its own):
        // a late rejection is then expected, not an unhandled error.
        result.catch(() => undefined);
        return result;
      };
    }
    return handlers;
  }

  private run(record: ExecutionRecord): void {
    const execution = this.machine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: this.taskHandlers(record) as never },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          Input: JSON.parse(record.input),
          StartTime: record.startDate,
        },
        StateMachine: { Id: this.stateMachineArn },
        Task: { Token: TOKEN_PLACEHOLDER },
      } as never,
    });
    const running: Running = { abort: execution.abort, settled: Promise.resolve() };
    running.settled = execution.result.then(
      (output) =>
        this.finish(
          record,
          running,
          output === null && running.stopRequested ? 'ABORTED' : 'SUCCEEDED',
          {
            output: JSON.stringify(output),
          },
        ),
      (error: unknown) => {
        const cause =
          error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
        const timedOut = error instanceof ExecutionTimeoutError;
        this.finish(record, running, timedOut ? 'TIMED_OUT' : 'FAILED', {
          error: timedOut ? 'States.Timeout' : (cause?.name ?? 'States.Runtime'),
          cause: cause?.message ?? (error instanceof Error ? error.message : String(error)),
        });
      },
    );
    this.running.set(record.executionArn, running);
  }

  private finish(
    record: ExecutionRecord,
    running: Running,
    status: ExecutionRecord['status'],
    details: Pick<ExecutionRecord, 'output' | 'error' | 'cause'>,
  ): void {
    this.running.delete(record.executionArn);
    // Closing the runtime aborts executions on purpose: they stay RUNNING and resume next start.
    if (this.closing && !running.stopRequested) return;
    this.options.broker.abandon(record.executionArn, `execution ${status.toLowerCase()}`);
    const stopped = running.stopRequested;
    this.options.journal.save({
      ...record,
      status,
      stopDate: new Date().toISOString(),
      ...(status === 'ABORTED' ? { error: stopped?.error, cause: stopped?.cause } : details),
    });
  }
}
