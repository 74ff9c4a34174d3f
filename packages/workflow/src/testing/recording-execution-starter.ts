import type { ExecutionStarter } from '../ports.js';
import { ScriptedFaults } from './scripted-faults.js';

/**
 * An ExecutionStarter that records the executions it starts: one per request, named after it, so
 * starting the same request again returns the same ARN and starts nothing (as Step Functions
 * does for a repeated StartExecution with the same name and input).
 */
export class RecordingExecutionStarter implements ExecutionStarter {
  readonly #started: string[] = [];
  readonly #faults = new ScriptedFaults<'start'>();

  constructor(
    private readonly stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:hitl',
  ) {}

  /** The request ids whose executions were started, in order. */
  get started(): string[] {
    return [...this.#started];
  }

  /** Makes the next `times` starts throw `error` (say a RetryableError), starting nothing. */
  failNext(error: Error, times = 1): void {
    this.#faults.failNext('start', error, times);
  }

  executionArnOf(requestId: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${requestId}`;
  }

  async start(requestId: string): Promise<{ executionArn: string }> {
    this.#faults.throwIfScripted('start');
    if (!this.#started.includes(requestId)) this.#started.push(requestId);
    return { executionArn: this.executionArnOf(requestId) };
  }
}
