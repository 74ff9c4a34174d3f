import type { Policy } from '@cedar-policy/cedar-wasm/nodejs';
import { mergeNeeds, type PolicyNeeds } from './policy-analysis.js';
import type { CompiledPolicySet } from './policy-set.js';

/** A set of policies evaluated together, and what a request must carry for them. */
export interface Slice {
  key: string;
  positions: readonly number[];
  needs: PolicyNeeds;
}

// Distinct slices remembered per policy set; the pre-parsed sets themselves live in the pool.
const MAX_SLICES_PER_SET = 16_384;

/** The policy set in force in an engine, with the slices built from it so far. */
export class ActiveSet {
  readonly slices = new Map<string, Slice>();
  readonly all: readonly number[];

  constructor(readonly compiled: CompiledPolicySet) {
    this.all = compiled.policies.map((policy) => policy.position);
  }

  slice(positions: readonly number[]): Slice {
    const key = positions.join(',');
    let slice = this.slices.get(key);
    if (slice === undefined) {
      if (this.slices.size >= MAX_SLICES_PER_SET) this.slices.clear();
      const policies = positions.map((position) => this.compiled.policies[position]);
      slice = {
        key: `${this.compiled.uid}|${key}`,
        positions,
        needs: mergeNeeds(policies.flatMap((policy) => (policy ? [policy.needs] : []))),
      };
      this.slices.set(key, slice);
    }
    return slice;
  }

  /** The policies as Cedar text, exactly as written: what whole-set evaluation runs. */
  texts(positions: readonly number[]): Record<string, string> {
    const texts: Record<string, string> = {};
    for (const position of positions) {
      const policy = this.compiled.policies[position];
      if (policy) texts[policy.id] = policy.text;
    }
    return texts;
  }

  /** The policies in their slice form, with scope and guards taken out. */
  sliceForms(positions: readonly number[]): Record<string, Policy> {
    const forms: Record<string, Policy> = {};
    for (const position of positions) {
      const policy = this.compiled.policies[position];
      if (policy) forms[policy.id] = policy.slice;
    }
    return forms;
  }
}
