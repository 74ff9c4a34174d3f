import type { ProposedAction } from '@agentcore/core';
import type { PlanInput, Planner, PlanOutcome } from '../../src/index.js';

export type Proposal = Omit<ProposedAction, 'requester' | 'origin' | 'query'>;

/**
 * A Planner that hands out scripted answers in order (or fails with a scripted error), and
 * remembers what it was asked. Running out of script is a test error, never a silent default.
 */
export class ScriptedPlanner implements Planner {
  readonly #script: (PlanOutcome | Error)[];
  readonly #asked: PlanInput[] = [];

  constructor(...script: (PlanOutcome | Error)[]) {
    this.#script = [...script];
  }

  get asked(): PlanInput[] {
    return structuredClone(this.#asked);
  }

  async propose(input: PlanInput): Promise<PlanOutcome> {
    this.#asked.push(structuredClone(input));
    const next = this.#script.shift();
    if (next === undefined) throw new Error('the planner was asked more often than scripted');
    if (next instanceof Error) throw next;
    return structuredClone(next);
  }
}
