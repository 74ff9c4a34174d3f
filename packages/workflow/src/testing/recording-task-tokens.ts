import type { TaskTokens } from '../ports.js';
import { ScriptedFaults } from './scripted-faults.js';

/** One output handed to a waiting task. */
export interface TaskTokenDelivery {
  taskToken: string;
  output: Record<string, unknown>;
}

/**
 * TaskTokens that records what it delivers. As in Step Functions, a token is consumed by its
 * first delivery: later ones get `not_waiting`, as do tokens marked with `stopWaiting`.
 */
export class RecordingTaskTokens implements TaskTokens {
  readonly #deliveries: TaskTokenDelivery[] = [];
  readonly #notWaiting = new Set<string>();
  readonly #faults = new ScriptedFaults<'succeed'>();

  /** What was delivered, oldest first. */
  get deliveries(): TaskTokenDelivery[] {
    return structuredClone(this.#deliveries);
  }

  /** The task behind `taskToken` no longer waits (it timed out, or its execution stopped). */
  stopWaiting(taskToken: string): void {
    this.#notWaiting.add(taskToken);
  }

  /** Makes the next `times` calls throw `error` (say a RetryableError), delivering nothing. */
  failNext(error: Error, times = 1): void {
    this.#faults.failNext('succeed', error, times);
  }

  async succeed(
    taskToken: string,
    output: Record<string, unknown>,
  ): Promise<'delivered' | 'not_waiting'> {
    this.#faults.throwIfScripted('succeed');
    if (this.#notWaiting.has(taskToken)) return 'not_waiting';
    this.#notWaiting.add(taskToken);
    this.#deliveries.push(structuredClone({ taskToken, output }));
    return 'delivered';
  }
}
