import type { AgentRunner, ToolSession } from '../../src/index.js';

/** One scripted model turn: call this tool with these arguments. */
export interface AgentStep {
  tool: string;
  arguments: Record<string, unknown>;
}

/**
 * An AgentRunner that plays a fixed list of tool calls through the session it is given, as the
 * model's tool loop does: a tool's own failure is a result it reports, a refusal by the session
 * ends the run with the session's typed error.
 */
export class ScriptedAgent implements AgentRunner {
  readonly #seen: string[][] = [];

  constructor(private readonly steps: AgentStep[]) {}

  /** The tool names the agent was shown, per run. */
  get toolsSeen(): string[][] {
    return structuredClone(this.#seen);
  }

  async run(input: { session: ToolSession }) {
    this.#seen.push((await input.session.listTools()).map((tool) => tool.name));
    for (const step of this.steps) await input.session.callTool(step.tool, step.arguments);
    return { output: `done: ${this.steps.length} call(s)` };
  }
}
