import { type PolicyDecision, type ProposedAction, RetryableError } from '@agentcore/core';
import type { McpClient, ToolCatalog } from '@agentcore/mcp';
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

interface BuiltEngine {
  engine: PolicyEngine;
  /** Servers that could not be reached when the engine was built, by alias, with why. */
  unavailable: Map<string, string>;
}

/**
 * Policy over the Cedar engine, classifying tools by the MCP servers' own annotations. The
 * engine is built on first use from the tool catalog the servers report then, and kept once
 * every server answered. A request for a tool of a server that could not be reached is not
 * judged without its annotations: that is a passing fault, retried (RetryableError).
 */
export class EnginePolicy implements PolicyPort {
  private built: Promise<BuiltEngine> | undefined;

  constructor(private readonly options: EnginePolicyOptions) {}

  async decide(action: ProposedAction): Promise<PolicyDecision> {
    const { engine, unavailable } = await this.current();
    const tools = [...action.intendedTools, ...(action.toolCalls ?? []).map((call) => call.tool)];
    for (const tool of tools) {
      const why = unavailable.get(tool.slice(0, Math.max(0, tool.indexOf('__'))));
      if (why !== undefined) {
        throw new RetryableError(
          `cannot judge ${tool} while its MCP server is unavailable: ${why}`,
        );
      }
    }
    return engine.decide(action);
  }

  private current(): Promise<BuiltEngine> {
    if (this.built) return this.built;
    const built = this.build();
    this.built = built;
    built.then(
      // Built while a server was down: judge with it now, build afresh next time.
      ({ unavailable }) => {
        if (unavailable.size > 0 && this.built === built) this.built = undefined;
      },
      () => {
        if (this.built === built) this.built = undefined;
      },
    );
    return built;
  }

  private async build(): Promise<BuiltEngine> {
    const catalog = await this.options.mcp.listTools();
    const unavailable = new Map(
      catalog.unavailable.map((server) => [server.alias, `${server.code}: ${server.message}`]),
    );
    return { engine: await this.engine(catalog), unavailable };
  }

  private async engine(catalog: ToolCatalog): Promise<PolicyEngine> {
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
