import { randomBytes } from 'node:crypto';

/** Step Functions' error names for task-token calls, as the SDK surfaces them. */
export class TaskTokenError extends Error {
  constructor(
    readonly awsType: 'TaskDoesNotExist' | 'TaskTimedOut' | 'InvalidToken',
    message: string,
  ) {
    super(message);
    this.name = awsType;
  }
}

/** Rejects a waiting task the way the interpreter reports task failures: by error name. */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/**
 * The clock the broker times tasks out by: the real timers unless a test passes a fake one it
 * advances by hand. A handle is whatever `setTimeout` returned, given back to `clearTimeout`.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

interface Waiting {
  executionArn: string;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  timeoutTimer?: unknown;
  heartbeatTimer?: unknown;
  heartbeatSeconds?: number;
}

export interface IssueOptions {
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

// How long a finished token is remembered, so late callers hear "timed out" rather than "unknown".
const FINISHED_MEMORY = 10_000;

/**
 * What AWS Step Functions does for `.waitForTaskToken` tasks, locally: issues unguessable
 * tokens, resolves the waiting task on SendTaskSuccess, fails it on SendTaskFailure, and times
 * it out when its timeout or heartbeat interval passes.
 */
export class TaskTokenBroker {
  private readonly waiting = new Map<string, Waiting>();
  private readonly finished = new Map<string, 'timed_out' | 'done'>();

  constructor(private readonly timers: Timers = REAL_TIMERS) {}

  /** Issues a token for a task and returns it with the promise of its outcome. */
  issue(
    executionArn: string,
    options: IssueOptions = {},
  ): { token: string; outcome: Promise<unknown> } {
    const token = `local-${randomBytes(48).toString('base64url')}`;
    const outcome = new Promise<unknown>((resolve, reject) => {
      const entry: Waiting = {
        executionArn,
        resolve,
        reject,
        heartbeatSeconds: options.heartbeatSeconds,
      };
      this.waiting.set(token, entry);
      if (options.timeoutSeconds !== undefined) {
        entry.timeoutTimer = this.timers.setTimeout(
          () => this.timeOut(token, 'States.Timeout', 'the task timed out'),
          options.timeoutSeconds * 1000,
        );
      }
      this.armHeartbeat(token, entry);
    });
    // The interpreter may stop listening (its own timeout, an abort): a late rejection is expected.
    outcome.catch(() => undefined);
    return { token, outcome };
  }

  succeed(token: string, output: unknown): void {
    this.settle(token).resolve(output);
  }

  fail(token: string, error: string, cause: string): void {
    this.settle(token).reject(new TaskFailure(error || 'States.TaskFailed', cause));
  }

  heartbeat(token: string): void {
    const entry = this.entry(token);
    this.armHeartbeat(token, entry);
  }

  /** Ends every task of an execution that is being stopped. */
  abandon(executionArn: string, reason: string): void {
    for (const [token, entry] of this.waiting) {
      if (entry.executionArn !== executionArn) continue;
      this.remember(token, 'done');
      this.clear(token, entry);
      entry.reject(new TaskFailure('States.Aborted', reason));
    }
  }

  /** Forgets a token whose task never started waiting (its Lambda call failed). */
  abandonToken(token: string): void {
    const entry = this.waiting.get(token);
    if (!entry) return;
    this.clear(token, entry);
    this.remember(token, 'done');
  }

  get pending(): number {
    return this.waiting.size;
  }

  private armHeartbeat(token: string, entry: Waiting) {
    if (entry.heartbeatSeconds === undefined) return;
    this.timers.clearTimeout(entry.heartbeatTimer);
    entry.heartbeatTimer = this.timers.setTimeout(
      () =>
        this.timeOut(
          token,
          'States.HeartbeatTimeout',
          'no heartbeat within the heartbeat interval',
        ),
      entry.heartbeatSeconds * 1000,
    );
  }

  private timeOut(token: string, name: string, cause: string) {
    const entry = this.waiting.get(token);
    if (!entry) return;
    this.clear(token, entry);
    this.remember(token, 'timed_out');
    entry.reject(new TaskFailure(name, cause));
  }

  private entry(token: string): Waiting {
    const entry = this.waiting.get(token);
    if (entry) return entry;
    const finished = this.finished.get(token);
    if (finished === 'timed_out') throw new TaskTokenError('TaskTimedOut', 'Task Timed Out');
    if (finished === 'done')
      throw new TaskTokenError('TaskDoesNotExist', 'Task does not exist anymore');
    throw new TaskTokenError(
      token.startsWith('local-') ? 'TaskDoesNotExist' : 'InvalidToken',
      'Provided task does not exist anymore',
    );
  }

  private settle(token: string): Waiting {
    const entry = this.entry(token);
    this.clear(token, entry);
    this.remember(token, 'done');
    return entry;
  }

  private clear(token: string, entry: Waiting) {
    this.timers.clearTimeout(entry.timeoutTimer);
    this.timers.clearTimeout(entry.heartbeatTimer);
    this.waiting.delete(token);
  }

  private remember(token: string, state: 'timed_out' | 'done') {
    this.finished.set(token, state);
    if (this.finished.size > FINISHED_MEMORY) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
  }
}
