import type { Clock } from '../ports.js';

/** A clock that moves only when told to. Inject `now`; call `set` or `advance` between steps. */
export class ManualClock {
  #time: number;

  constructor(start: Date | string = '2030-01-01T00:00:00.000Z') {
    this.#time = ManualClock.#millis(start);
  }

  /** The clock to inject (a bound function, so it can be passed on its own). */
  readonly now: Clock = () => new Date(this.#time);

  set(time: Date | string): void {
    this.#time = ManualClock.#millis(time);
  }

  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError(`a clock only moves forward, not by ${milliseconds} ms`);
    }
    this.#time += milliseconds;
  }

  static #millis(time: Date | string): number {
    const millis = new Date(time).getTime();
    if (Number.isNaN(millis)) throw new RangeError(`${String(time)} is not a time`);
    return millis;
  }
}
