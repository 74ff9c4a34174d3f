import { describe, expect, it } from 'vitest';
import { PolicyEngine, type ToolVerdict } from '../src/index.js';
import { fixedClock } from './support/actions.js';
import { Random } from './support/random.js';
import { RANDOM_CATALOG, randomAction, randomPolicies } from './support/random-policies.js';

function withoutCounts(verdicts: readonly ToolVerdict[]) {
  return verdicts.map(({ evaluatedPolicies: _, ...verdict }) => verdict);
}

describe('slicing', () => {
  it('gives the same decisions as whole-set evaluation on 10 000 random requests', () => {
    // Prepare
    const random = new Random(3);
    const hours = [3, 8, 9, 12, 13, 18, 20];
    let requests = 0;
    let slicedPolicies = 0;
    let wholePolicies = 0;
    const outcomes = new Map<string, number>();

    for (let set = 0; set < 20; set++) {
      const engine = new PolicyEngine({
        catalog: RANDOM_CATALOG,
        policies: [
          {
            name: `random-${set}.cedar`,
            text: randomPolicies(random, set % 3 === 0 ? 1 + random.int(4) : 5 + random.int(36)),
          },
        ],
        config: { defaultOutcome: random.pick(['allow', 'require_approval', 'deny'] as const) },
        clock: fixedClock,
      });
      for (let i = 0; i < 500; i++) {
        const action = randomAction(random);
        const now = new Date(Date.UTC(2025, 0, 12 + random.int(7), random.pick(hours)));

        // Act
        const sliced = engine.evaluate(action, { now });
        const whole = engine.evaluate(action, { now, slicing: false });

        // Assess
        expect(sliced.decision).toEqual(whole.decision);
        expect(withoutCounts(sliced.verdicts)).toEqual(withoutCounts(whole.verdicts));
        requests++;
        for (const verdict of sliced.verdicts) slicedPolicies += verdict.evaluatedPolicies;
        for (const verdict of whole.verdicts) wholePolicies += verdict.evaluatedPolicies;
        const outcome = sliced.decision.outcome;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }

    expect(requests).toBe(10_000);
    // Every outcome occurs often, so agreement is not agreement on one trivial answer.
    for (const outcome of ['allow', 'require_approval', 'deny']) {
      expect(outcomes.get(outcome) ?? 0).toBeGreaterThan(1_000);
    }
    expect(slicedPolicies * 3).toBeLessThan(wholePolicies);
    // Bounded work, but a shared machine can be slow; this is a limit, not a measurement.
  }, 60_000);
});
