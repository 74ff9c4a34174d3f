import type { Timers } from '@agentcore/local';

interface Due {
  at: number;
  callback: () => void;
}

/**
 * One manual time for a whole local runtime: the clock its functions read and the timers its
 * task waits time out by, moved together by `advance`, so tests wait on nothing.
 */
export class ManualTime {
  #now: number;
  #lastHandle = 0;
  readonly #due = new Map<number, Due>();

  constructor(start: Date = new Date()) {
    this.#now = start.getTime();
  }

  readonly clock = (): Date => new Date(this.#now);

  readonly timers: Timers = {
    setTimeout: (callback, ms) => {
      this.#lastHandle += 1;
      this.#due.set(this.#lastHandle, { at: this.#now + Math.max(0, ms), callback });
      // A timer due now fires on the next turn, as a real one would, not inside setTimeout.
      if (ms <= 0) queueMicrotask(() => this.advance(0));
      return this.#lastHandle;
    },
    clearTimeout: (handle) => {
      if (typeof handle === 'number') this.#due.delete(handle);
    },
  };

  /** Moves time on by `ms`, running every timer that falls due, earliest first. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      let next: [number, Due] | undefined;
      for (const timer of this.#due) {
        if (timer[1].at <= until && (!next || timer[1].at < next[1].at)) next = timer;
      }
      if (!next) break;
      this.#due.delete(next[0]);
      this.#now = Math.max(this.#now, next[1].at);
      next[1].callback();
    }
    this.#now = until;
  }

  /** Moves time on to `time` (never back). */
  advanceTo(time: Date | string): void {
    this.advance(Math.max(0, new Date(time).getTime() - this.#now));
  }
}
