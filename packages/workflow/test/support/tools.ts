import { createHash } from 'node:crypto';
import { LIMITS, type ToolCall, type ToolCallOutcome } from '@agentcore/core';
import type { ToolDescription, ToolPinner, ToolSession, ToolSessions } from '../../src/index.js';

/** What a tool does with its arguments: its text, flagged when it is the tool's own failure. */
export type ToolFunction = (
  args: Record<string, unknown>,
) => { text: string; isError?: boolean } | Promise<{ text: string; isError?: boolean }>;

/**
 * A refusal by the allowlist gate, typed like the MCP layer's ToolBlockedError: a stable `code`
 * the executor stores, never a tool result a model could argue with.
 */
export class ToolRefusedError extends Error {
  constructor(
    readonly code:
      | 'tool_not_allowed'
      | 'unknown_tool'
      | 'tool_not_pinned'
      | 'tool_definition_changed'
      | 'session_closed',
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolRefusedError';
  }
}

interface ToolEntry {
  description: string;
  run: ToolFunction;
  /** Its result is a secret (the MCP servers' sensitive-output marker). */
  sensitiveOutput?: boolean;
}

type OpenInput = Parameters<ToolSessions['open']>[0];

/**
 * MCP tools in memory, with the gate the real session applies: a session sees and calls only the
 * tools it was opened with, at their pins when pins were given; anything else throws a
 * ToolRefusedError and is recorded as refused. Every call that reached a tool is in `ran`.
 */
export class InMemoryTools implements ToolSessions, ToolPinner {
  readonly #tools = new Map<string, ToolEntry>();
  readonly #ran: { requestId: string; tool: string; arguments: Record<string, unknown> }[] = [];
  readonly #refused: { requestId: string; tool: string; code: string }[] = [];
  readonly #opened: OpenInput[] = [];
  readonly #pinned: string[][] = [];
  #closedSessions = 0;

  constructor(tools: Record<string, ToolFunction | ToolEntry>) {
    for (const [name, tool] of Object.entries(tools)) {
      this.#tools.set(
        name,
        typeof tool === 'function' ? { description: `the ${name} tool`, run: tool } : tool,
      );
    }
  }

  /** Calls that reached a tool, oldest first. */
  get ran() {
    return structuredClone(this.#ran);
  }

  /** Calls the gate refused, oldest first. */
  get refused() {
    return structuredClone(this.#refused);
  }

  /** What each session was opened with, oldest first. */
  get opened(): OpenInput[] {
    return structuredClone(this.#opened);
  }

  /** The tool lists that were pinned, oldest first. */
  get pinned(): string[][] {
    return structuredClone(this.#pinned);
  }

  get closedSessions(): number {
    return this.#closedSessions;
  }

  /** The tool's definition changes on its server (so its pin does too). */
  redefine(name: string, description: string): void {
    const tool = this.#entry(name);
    this.#tools.set(name, { ...tool, description });
  }

  pinOf(name: string): string {
    const tool = this.#entry(name);
    const hash = createHash('sha256').update(`${name}\n${tool.description}`).digest('hex');
    return `sha256:${hash}`;
  }

  /** Pins as the MCP client takes them: a tool no server offers is refused, pinning nothing. */
  async pin(tools: string[]): Promise<Record<string, string>> {
    this.#pinned.push([...tools]);
    const unknown = tools.find((tool) => !this.#tools.has(tool));
    if (unknown)
      throw new ToolRefusedError('unknown_tool', unknown, `tool ${unknown} is not available`);
    return Object.fromEntries(tools.map((tool) => [tool, this.pinOf(tool)]));
  }

  async open(input: OpenInput): Promise<ToolSession> {
    this.#opened.push(structuredClone(input));
    const allowed = new Set(input.allowedTools);
    const pins = input.pins && { ...input.pins };
    let closed = false;
    const gate = (name: string): ToolEntry => {
      const refuse = (code: ToolRefusedError['code'], message: string): never => {
        this.#refused.push({ requestId: input.requestId, tool: name, code });
        throw new ToolRefusedError(code, name, message);
      };
      if (closed) return refuse('session_closed', 'the session is closed');
      if (!allowed.has(name)) {
        return refuse('tool_not_allowed', `tool ${name} is not allowed for this request`);
      }
      const tool = this.#tools.get(name);
      if (!tool) return refuse('unknown_tool', `tool ${name} is not available`);
      if (pins) {
        const pin = pins[name];
        if (pin === undefined) return refuse('tool_not_pinned', `tool ${name} has no pin`);
        if (pin !== this.pinOf(name)) {
          return refuse('tool_definition_changed', `tool ${name} changed since it was approved`);
        }
      }
      return tool;
    };
    const callTool = async (name: string, args: Record<string, unknown>) => {
      const tool = gate(name);
      this.#ran.push(structuredClone({ requestId: input.requestId, tool: name, arguments: args }));
      const result = await tool.run(args);
      return { text: result.text, isError: result.isError ?? false };
    };
    return {
      listTools: async (): Promise<ToolDescription[]> =>
        [...allowed]
          .filter((name) => this.#tools.has(name))
          .map((name) => ({
            name,
            description: this.#entry(name).description,
            inputSchema: { type: 'object' },
            sensitiveOutput: this.#entry(name).sensitiveOutput ?? false,
          })),
      call: async (call: ToolCall): Promise<ToolCallOutcome> => {
        const result = await callTool(call.tool, call.arguments);
        const base = { tool: call.tool, arguments: call.arguments };
        if (!result.isError)
          return { ...base, ok: true, output: result.text.slice(0, LIMITS.output) };
        // A failure without text is reported without one; the executor names the tool instead.
        return result.text
          ? { ...base, ok: false, error: result.text.slice(0, LIMITS.comment) }
          : { ...base, ok: false };
      },
      callTool,
      close: async () => {
        closed = true;
        this.#closedSessions += 1;
      },
    };
  }

  #entry(name: string): ToolEntry {
    const tool = this.#tools.get(name);
    if (!tool) throw new Error(`no tool ${name} in this catalogue`);
    return tool;
  }
}
