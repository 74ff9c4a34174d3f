import { type PolicyDecision, type ProposedAction, RetryableError } from '@agentcore/core';
import type { McpClient, ToolCatalog } from '@agentcore/mcp';
import {
  DEFAULT_POLICY_SOURCES,
  InvalidPolicyError,
  type PolicyConfigInput,
  PolicyEngine,
  type PolicyEvaluation,
  type PolicySource,
  type ToolOverride,
} from '@agentcore/policy';
import type { PolicyPort } from '@agentcore/workflow';

/**
 * Where the policy set is loaded from when the engine is built (undefined: the default
 * policies). With `version`, a cheap probe of the stored set's version, the engine is rebuilt
 * whenever that version moves, so a saved set takes effect on the next decision.
 */
export type PolicyLoader = (() => Promise<readonly PolicySource[] | undefined>) & {
  version?: () => Promise<number>;
};

export interface EnginePolicyOptions {
  mcp: McpClient;
  /** The policy set itself (fixed for the life of the process), or where to load it from. */
  policies?: readonly PolicySource[] | PolicyLoader;
  config?: PolicyConfigInput;
  /** Per-tool classification that overrides what the MCP annotations say. */
  overrides?: Record<string, ToolOverride>;
  /**
   * The stored MCP server configuration's version: when servers change, tools and their
   * annotations may too, so the engine is rebuilt on the catalog as listed then.
   */
  serversVersion?: () => Promise<number>;
  clock: () => Date;
}

/** The engine in force, with what it was built from. */
export interface PolicyInForce {
  engine: PolicyEngine;
  /** The stored version of the set (0: never saved, or a set handed in explicitly). */
  version: number;
  sources: readonly PolicySource[];
  /** Servers that could not be reached when the engine was built, by alias, with why. */
  unavailable: ReadonlyMap<string, string>;
}

interface Build {
  /** The policy set's and the server configuration's versions it was built on. */
  key: string;
  promise: Promise<PolicyInForce>;
}

/**
 * Policy over the Cedar engine, classifying tools by the MCP servers' own annotations. The
 * engine is built on first use from the tool catalog the servers report then, and kept once
 * every server answered, until the stored policy set's or server configuration's version moves.
 * A request for a tool of a
 * server that could not be reached is not judged without its annotations: that is a passing
 * fault, retried (RetryableError).
 */
export class EnginePolicy implements PolicyPort {
  private built: Build | undefined;

  constructor(private readonly options: EnginePolicyOptions) {}

  /** The verdict carries the policy set's version, which an approval binds with the calls. */
  async decide(action: ProposedAction): Promise<PolicyDecision> {
    const inForce = await this.inForce();
    return { ...this.judge(inForce, action).decision, policyVersion: inForce.version };
  }

  /**
   * What policy says about `action` with the set in force, or with `draft` instead (built on the
   * same catalog and settings; an invalid draft throws InvalidPolicyError with every problem).
   */
  async evaluate(
    action: ProposedAction,
    draft?: readonly PolicySource[],
  ): Promise<PolicyEvaluation> {
    const base = draft === undefined ? await this.inForce() : await this.draftBase();
    return this.judge(base, action, draft);
  }

  private judge(
    { engine, unavailable }: Pick<PolicyInForce, 'engine' | 'unavailable'>,
    action: ProposedAction,
    draft?: readonly PolicySource[],
  ): PolicyEvaluation {
    const tools = [...action.intendedTools, ...(action.toolCalls ?? []).map((call) => call.tool)];
    for (const tool of tools) {
      const why = unavailable.get(tool.slice(0, Math.max(0, tool.indexOf('__'))));
      if (why !== undefined) {
        throw new RetryableError(
          `cannot judge ${tool} while its MCP server is unavailable: ${why}`,
        );
      }
    }
    return (draft === undefined ? engine : engine.withPolicies(draft)).evaluate(action);
  }

  /**
   * An engine on the tools as listed now with the default policies, whatever the active set:
   * drafts are checked and tried on it (`check`, `withPolicies`) even when the active set no
   * longer fits the tools, so a fix can always be activated.
   */
  async draftBase(): Promise<Pick<PolicyInForce, 'engine' | 'unavailable'>> {
    const catalog = await this.options.mcp.listTools();
    return {
      engine: this.engine(catalog, DEFAULT_POLICY_SOURCES),
      unavailable: unavailableOf(catalog),
    };
  }

  /** The engine in force now, rebuilt first when the stored set changed since it was built. */
  async inForce(): Promise<PolicyInForce> {
    const { policies, serversVersion } = this.options;
    const [version, servers] = await Promise.all([
      typeof policies === 'function' && policies.version ? policies.version() : 0,
      serversVersion ? serversVersion() : 0,
    ]);
    const key = `${version}:${servers}`;
    if (this.built?.key === key) return this.built.promise;
    const build: Build = { key, promise: this.build(version) };
    this.built = build;
    build.promise.then(
      // Built while a server was down: judge with it now, build afresh next time.
      ({ unavailable }) => {
        if (unavailable.size > 0 && this.built === build) this.built = undefined;
      },
      () => {
        if (this.built === build) this.built = undefined;
      },
    );
    return build.promise;
  }

  private async build(version: number): Promise<PolicyInForce> {
    const catalog = await this.options.mcp.listTools();
    const unavailable = unavailableOf(catalog);
    const { policies } = this.options;
    const loaded = typeof policies === 'function' ? await policies() : policies;
    const sources = loaded ?? DEFAULT_POLICY_SOURCES;
    try {
      return { engine: this.engine(catalog, sources), version, sources, unavailable };
    } catch (error) {
      // A set naming a tool of a server that is down reads as invalid until the server is back.
      if (error instanceof InvalidPolicyError && unavailable.size > 0) {
        throw new RetryableError(
          `cannot check the policy set while ${[...unavailable.keys()].join(', ')} cannot be reached: ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private engine(catalog: ToolCatalog, sources: readonly PolicySource[]): PolicyEngine {
    return new PolicyEngine({
      catalog: {
        tools: catalog.tools.map((tool) => ({
          name: tool.name,
          annotations: tool.annotations,
          inputSchema: tool.inputSchema,
        })),
        overrides: this.options.overrides ?? {},
      },
      policies: sources,
      config: this.options.config,
      clock: this.options.clock,
    });
  }
}

function unavailableOf(catalog: ToolCatalog): Map<string, string> {
  return new Map(
    catalog.unavailable.map((server) => [server.alias, `${server.code}: ${server.message}`]),
  );
}
