import type { ApprovalItem } from '@agentcore/core';
import type { Notifier } from '../ports.js';
import { ScriptedFaults } from './scripted-faults.js';

/** A Notifier that records copies of the items it was asked to tell people about. */
export class RecordingNotifier implements Notifier {
  readonly #approvalRequests: ApprovalItem[] = [];
  readonly #finished: ApprovalItem[] = [];
  readonly #faults = new ScriptedFaults<keyof Notifier>();

  /** Items approvers were told about, oldest first. */
  get approvalRequests(): ApprovalItem[] {
    return structuredClone(this.#approvalRequests);
  }

  /** Items whose requesters were told how they ended, oldest first. */
  get finishedItems(): ApprovalItem[] {
    return structuredClone(this.#finished);
  }

  /** Makes the next `times` calls of `method` throw `error`, recording nothing. */
  failNext(method: keyof Notifier, error: Error, times = 1): void {
    this.#faults.failNext(method, error, times);
  }

  async approvalRequested(item: ApprovalItem): Promise<void> {
    this.#faults.throwIfScripted('approvalRequested');
    this.#approvalRequests.push(structuredClone(item));
  }

  async finished(item: ApprovalItem): Promise<void> {
    this.#faults.throwIfScripted('finished');
    this.#finished.push(structuredClone(item));
  }
}
