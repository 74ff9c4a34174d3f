import type { PolicyDecision, ProposedAction } from '@agentcore/core';
import type { McpClient } from '@agentcore/mcp';
import {
  type PolicyConfigInput,
  PolicyEngine,
  type PolicySource,
  type ToolOverride,
} from '@agentcore/policy';
import type { PolicyPort } from '@agentcore/workflow';

export interface EnginePolicyOptions {
  mcp: McpClient;
  /**
   * The policy set, or where to load it from when the engine is built (undefined: the
   * default policies).
   */
  policies?: readonly PolicySource[] | (() => Promise<readonly PolicySource[] | undefined>);
  config?: PolicyConfigInput;
  /** Per-tool classification that overrides what the MCP annotations say. */
  overrides?: Record<string, ToolOverride>;
  clock: () => Date;
}

/**
 * Policy over the Cedar engine, classifying tools by the MCP servers' own annotations. The
 * engine is built once, on first use, from the tool catalog the servers report then.
 */
export class EnginePolicy implements PolicyPort {
  private engine: Promise<PolicyEngine> | undefined;

  constructor(private readonly options: EnginePolicyOptions) {}

  async decide(action: ProposedAction): Promise<PolicyDecision> {
    return (await this.current()).decide(action);
  }

  private current(): Promise<PolicyEngine> {
    this.engine ??= this.build().catch((error: unknown) => {
      this.engine = undefined;
      throw error;
    });
    return this.engine;
  }

  private async build(): Promise<PolicyEngine> {
    const catalog = await this.options.mcp.listTools();
    const { policies } = this.options;
    return new PolicyEngine({
      catalog: {
        tools: catalog.tools.map((tool) => ({ name: tool.name, annotations: tool.annotations })),
        overrides: this.options.overrides ?? {},
      },
      policies: typeof policies === 'function' ? await policies() : policies,
      config: this.options.config,
      clock: this.options.clock,
    });
  }
}
