import type { PolicyDecision, ProposedAction } from '@agentcore/core';
import type { PolicyPort } from '../../src/index.js';

/** A PolicyPort that answers every action with one decision, and remembers what it was asked. */
export class FixedPolicy implements PolicyPort {
  readonly #asked: ProposedAction[] = [];

  constructor(private readonly decision: PolicyDecision) {}

  /** The actions it was asked about, oldest first. */
  get asked(): ProposedAction[] {
    return structuredClone(this.#asked);
  }

  async decide(action: ProposedAction): Promise<PolicyDecision> {
    this.#asked.push(structuredClone(action));
    return structuredClone(this.decision);
  }
}
