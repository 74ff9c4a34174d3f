import type { Directory } from '../ports.js';

/** A Directory with fixed memberships; remembers whom it was asked about. */
export class StaticDirectory implements Directory {
  readonly #groups: ReadonlyMap<string, readonly string[]>;
  readonly #lookups: string[] = [];

  constructor(groups: Readonly<Record<string, readonly string[]>> = {}) {
    this.#groups = new Map(Object.entries(groups));
  }

  /** The user ids looked up, in order. */
  get lookups(): string[] {
    return [...this.#lookups];
  }

  async groupsOf(userId: string): Promise<string[]> {
    this.#lookups.push(userId);
    return [...(this.#groups.get(userId) ?? [])];
  }
}
