import type { AuditEntry, ExecutionAudit } from '../ports.js';
import type { ManualClock } from './manual-clock.js';

type Appended = Parameters<ExecutionAudit['append']>[0];

/**
 * The request audit streams in memory, as the store's audit repository keeps them (append-only,
 * numbered per stream). `failOn` makes the next append of one event type throw, as a dying
 * process or an unreachable table would.
 */
export class InMemoryExecutionAudit implements ExecutionAudit {
  readonly #events: (AuditEntry & { streamId: string })[] = [];
  #failure: { type: string; error: Error } | undefined;

  constructor(private readonly clock: ManualClock) {}

  failOn(type: string, error: Error): void {
    this.#failure = { type, error };
  }

  async append(event: Appended): Promise<void> {
    if (this.#failure?.type === event.type) {
      const { error } = this.#failure;
      this.#failure = undefined;
      throw error;
    }
    const seq = this.#events.filter((entry) => entry.streamId === event.streamId).length + 1;
    this.#events.push(structuredClone({ ...event, seq, at: this.clock.now().toISOString() }));
  }

  async list(streamId: string): Promise<AuditEntry[]> {
    return structuredClone(this.#events.filter((entry) => entry.streamId === streamId));
  }

  /** The events of one stream, as stored. */
  of(streamId: string): (AuditEntry & { streamId: string })[] {
    return structuredClone(this.#events.filter((entry) => entry.streamId === streamId));
  }
}
