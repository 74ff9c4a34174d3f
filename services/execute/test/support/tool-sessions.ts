import type { Requester, ToolCall, ToolCallOutcome } from '@agentcore/core';
import {
  type McpError,
  SessionClosedError,
  ToolDefinitionChangedError,
  ToolNotAllowedError,
  ToolNotPinnedError,
  UnknownToolError,
} from '@agentcore/mcp';
import type { ToolDescription, ToolSession, ToolSessions } from '@agentcore/workflow';

/** What a tool does with its arguments: its text, and whether it reports its own failure. */
export type ToolBehaviour = (
  args: Record<string, unknown>,
) => { text: string; isError?: boolean } | Promise<{ text: string; isError?: boolean }>;

/** One session as it was opened, and whether it was closed again. */
export interface OpenedSession {
  requestId: string;
  requester: Requester;
  allowedTools: string[];
  pins: Record<string, string> | undefined;
  closed: boolean;
}

/** A call that reached a tool. */
export interface ToolInvocation {
  requestId: string;
  tool: string;
  arguments: Record<string, unknown>;
}

/** A call the session refused before any tool saw it. */
export interface RefusedCall {
  requestId: string;
  tool: string;
  code: string;
}

/**
 * ToolSessions over a fixed set of tools, gated as the MCP session gates them: a session sees and
 * calls only its allowed tools, and, when it was opened with pins, only at those pins (each tool's
 * current pin is `pin:<tool>` unless the test changes it). Anything else throws the MCP layer's
 * typed error and never reaches the tool.
 */
export class AllowlistToolSessions implements ToolSessions {
  readonly opened: OpenedSession[] = [];
  readonly invocations: ToolInvocation[] = [];
  readonly refused: RefusedCall[] = [];
  readonly #tools: ReadonlyMap<string, ToolBehaviour>;
  readonly #pins = new Map<string, string>();

  constructor(tools: Readonly<Record<string, ToolBehaviour>>) {
    this.#tools = new Map(Object.entries(tools));
    for (const tool of this.#tools.keys()) this.#pins.set(tool, `pin:${tool}`);
  }

  /** The tool's definition changes (say its server was redeployed): it gets a new pin. */
  redefine(tool: string, pin: string): void {
    this.#pins.set(tool, pin);
  }

  async open(input: {
    requestId: string;
    requester: Requester;
    allowedTools: string[];
    pins: Record<string, string> | undefined;
  }): Promise<ToolSession> {
    const opened: OpenedSession = { ...structuredClone(input), closed: false };
    this.opened.push(opened);
    const allowed = new Set(input.allowedTools);
    const pins = input.pins && new Map(Object.entries(input.pins));

    const refusalOf = (name: string): McpError | undefined => {
      if (!allowed.has(name)) {
        return new ToolNotAllowedError(name, 'it is not among the tools approved for this request');
      }
      if (!this.#tools.has(name)) {
        return new UnknownToolError(name, 'no connected server offers it');
      }
      if (!pins) return undefined;
      const approved = pins.get(name);
      const current = this.#pins.get(name) ?? '';
      if (approved === undefined) return new ToolNotPinnedError(name);
      return approved === current
        ? undefined
        : new ToolDefinitionChangedError(name, approved, current);
    };

    const gate = (name: string): ToolBehaviour => {
      if (opened.closed) throw new SessionClosedError();
      const refusal = refusalOf(name);
      const behaviour = this.#tools.get(name);
      if (refusal || !behaviour) {
        const error = refusal ?? new UnknownToolError(name, 'no connected server offers it');
        this.refused.push({ requestId: input.requestId, tool: name, code: error.code });
        throw error;
      }
      return behaviour;
    };

    const callTool = async (name: string, args: Record<string, unknown>) => {
      const behaviour = gate(name);
      this.invocations.push(
        structuredClone({ requestId: input.requestId, tool: name, arguments: args }),
      );
      const result = await behaviour(args);
      return { text: result.text, isError: result.isError ?? false };
    };

    return {
      listTools: async (): Promise<ToolDescription[]> =>
        [...allowed]
          .filter((name) => this.#tools.has(name))
          .map((name) => ({
            name,
            description: `the ${name} tool`,
            inputSchema: { type: 'object' },
          })),
      callTool,
      call: async (call: ToolCall): Promise<ToolCallOutcome> => {
        const result = await callTool(call.tool, call.arguments);
        const base = { tool: call.tool, arguments: call.arguments };
        return result.isError
          ? { ...base, ok: false, error: result.text || 'the tool reported an error' }
          : { ...base, ok: true, output: result.text };
      },
      close: async () => {
        opened.closed = true;
      },
    };
  }
}
