import type { PolicyDecision, ProposedAction } from '@agentcore/core';
import type { PlanInput, Planner, PlanOutcome, PolicyPort, ToolPinner } from '@agentcore/workflow';

/** A Planner that answers what it was given, and remembers what it was asked. */
export class ScriptedPlanner implements Planner {
  readonly inputs: PlanInput[] = [];

  constructor(private readonly proposal: PlanOutcome) {}

  async propose(input: PlanInput): Promise<PlanOutcome> {
    this.inputs.push(structuredClone(input));
    return structuredClone(this.proposal);
  }
}

/** Policy with one fixed verdict; remembers the actions it decided on. */
export class FixedPolicy implements PolicyPort {
  readonly decided: ProposedAction[] = [];

  constructor(public decision: PolicyDecision) {}

  async decide(action: ProposedAction): Promise<PolicyDecision> {
    this.decided.push(structuredClone(action));
    return structuredClone(this.decision);
  }
}

/** Pins each tool as `pin:<tool>`; remembers what it pinned. */
export class NamePinner implements ToolPinner {
  readonly pinned: string[][] = [];

  async pin(tools: string[]): Promise<Record<string, string>> {
    this.pinned.push([...tools]);
    return Object.fromEntries(tools.map((tool) => [tool, `pin:${tool}`]));
  }
}
