import { type Policy, preparsePolicySet } from '@cedar-policy/cedar-wasm/nodejs';
import { PolicyEvaluationError } from './errors.js';

/**
 * Cedar keeps pre-parsed policy sets in wasm memory under string ids and offers no way to drop
 * one, only to overwrite it. This pool bounds that memory for the whole process: at most
 * `capacity` sets live, in slots reused least-recently-used first, whatever the number of
 * engines and slices created over time.
 */
export class PreparsedPool {
  // content key -> slot id; Map order is the recency order (oldest first).
  private readonly slots = new Map<string, string>();
  // Slots taken from the recency order whose refill failed; reused before any new one.
  private readonly spare: string[] = [];
  private created = 0;
  private builds = 0;

  constructor(
    private readonly capacity: number,
    private readonly prefix: string,
  ) {}

  /** How many sets were parsed so far; exposed for the benchmark's figures. */
  get parseCount(): number {
    return this.builds;
  }

  /**
   * The Cedar id of the pre-parsed set stored under `key`, parsing `policies()` into a slot
   * when it is not (or no longer) there. `key` must identify the content exactly.
   */
  acquire(key: string, policies: () => Record<string, Policy>): string {
    const hit = this.slots.get(key);
    if (hit !== undefined) {
      this.slots.delete(key);
      this.slots.set(key, hit);
      return hit;
    }
    const slot = this.freeSlot();
    const answer = preparsePolicySet(slot, { staticPolicies: policies() });
    this.builds++;
    if (answer.type === 'failure') {
      this.spare.push(slot);
      throw new PolicyEvaluationError(
        `Cedar could not pre-parse a validated policy set: ${answer.errors.map((e) => e.message).join('; ')}`,
      );
    }
    this.slots.set(key, slot);
    return slot;
  }

  private freeSlot(): string {
    const spare = this.spare.pop();
    if (spare !== undefined) return spare;
    const oldest = this.slots.entries().next().value;
    if (this.slots.size < this.capacity || oldest === undefined) {
      return `${this.prefix}${this.created++}`;
    }
    this.slots.delete(oldest[0]);
    return oldest[1];
  }
}

// Cedar's store is one per process (per wasm instance), but this module can be loaded twice (from
// source and from a build); a count kept on globalThis gives each copy its own id prefix.
const LOADED = Symbol.for('@agentcore/policy: preparsed pools');

function uniquePrefix(): string {
  const loaded = Number(Reflect.get(globalThis, LOADED) ?? 0);
  Reflect.set(globalThis, LOADED, loaded + 1);
  return `agentcore-policy-${loaded}-`;
}

/** The pool every engine of this module shares. */
export const sharedPool = new PreparsedPool(8_192, uniquePrefix());
