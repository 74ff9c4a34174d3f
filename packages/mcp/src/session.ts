import {
  LIMITS,
  type QualifiedToolName,
  type ToolCall,
  type ToolCallOutcome,
} from '@agentcore/core';
import { BlockedCallCodeSchema, type McpAuditEvent } from './audit.js';
import type { McpTool } from './catalog.js';
import type { InvokeOptions, ResolvedTool as Resolved } from './connection.js';
import { capText, type ToolCallResult } from './content.js';
import {
  McpConfigError,
  McpError,
  type McpErrorCode,
  ServerUnavailableError,
  SessionClosedError,
  ToolBlockedError,
  ToolDefinitionChangedError,
  ToolNameError,
  ToolNotAllowedError,
  ToolNotPinnedError,
  UnknownToolError,
} from './errors.js';
import { aliasOf, toQualifiedToolName } from './naming.js';
import { type ToolPin, ToolPinsSchema } from './pinning.js';
import type { Clock } from './ports.js';
import { type RequestContext, toRequestMeta } from './request-meta.js';

export interface McpSessionOptions extends RequestContext {
  /** The tools the approval allows (`alias__tool` or `alias/tool`); nothing else is visible. */
  allowedTools: readonly string[];
  /**
   * Pins recorded at approval time (`McpClient.pinTools`). When given, every call needs a pin
   * equal to the tool's current one; leave it out only where nothing was approved ahead.
   */
  pins?: Readonly<Record<string, string>>;
  /** Default timeout of this session's calls; the client's default otherwise. */
  callTimeoutMs?: number;
}

export interface SessionCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** An allowed tool the session cannot offer, and why. */
export interface UnavailableTool {
  tool: QualifiedToolName;
  code: McpErrorCode;
  message: string;
}

export interface SessionToolList {
  tools: McpTool[];
  unavailable: UnavailableTool[];
}

/** What a session needs from its client; kept narrow so the gate is easy to read. */
export interface SessionBackend {
  ceiling: ReadonlySet<QualifiedToolName> | undefined;
  callTimeoutMs: number;
  clock: Clock;
  enabledAliases(): Promise<string[]>;
  resolve(
    name: QualifiedToolName,
    alias: string,
    refresh: boolean,
    context: RequestContext,
  ): Promise<Resolved>;
  invoke(
    resolved: Resolved,
    args: Record<string, unknown>,
    options: InvokeOptions,
  ): Promise<ToolCallResult>;
  audit(event: McpAuditEvent): Promise<void>;
}

/**
 * The allowlist gate. Its set of tools is fixed when it is created, from the approval, narrowed
 * by the deployment's ceiling; no method widens it, and tool results are only data. Calls outside
 * it, to disabled or unknown tools, or to tools whose definition no longer matches its pin, throw
 * a ToolBlockedError or UnknownToolError and are audited.
 */
export class McpSession {
  readonly #backend: SessionBackend;
  /** Allowed tool -> its server's alias. */
  readonly #allowed: ReadonlyMap<QualifiedToolName, string>;
  /** Approved, but outside the deployment's ceiling. */
  readonly #excluded: ReadonlySet<QualifiedToolName>;
  readonly #pins: ReadonlyMap<QualifiedToolName, ToolPin> | undefined;
  readonly #context: RequestContext;
  readonly #meta: Record<string, unknown> | undefined;
  readonly #timeoutMs: number;
  /** Servers whose tools this session has listed afresh (once each, at first use). */
  readonly #refreshed = new Set<string>();
  #closed = false;

  constructor(backend: SessionBackend, options: McpSessionOptions) {
    this.#backend = backend;
    const allowed = new Map<QualifiedToolName, string>();
    const excluded = new Set<QualifiedToolName>();
    for (const name of options.allowedTools.map(toQualifiedToolName)) {
      if (backend.ceiling && !backend.ceiling.has(name)) excluded.add(name);
      else allowed.set(name, aliasOf(name));
    }
    this.#allowed = allowed;
    this.#excluded = excluded;
    if (options.pins !== undefined) {
      const pins = ToolPinsSchema.safeParse(options.pins);
      if (!pins.success) {
        throw new McpConfigError('session pins are malformed', { cause: pins.error });
      }
      this.#pins = new Map(Object.entries(pins.data));
    }
    this.#context = { requester: options.requester, requestId: options.requestId };
    this.#meta = toRequestMeta(this.#context);
    this.#timeoutMs = options.callTimeoutMs ?? backend.callTimeoutMs;
  }

  /** The tools this session may call (after the ceiling), in wire form. */
  get allowedTools(): QualifiedToolName[] {
    return [...this.#allowed.keys()];
  }

  /** The allowed tools that can be offered now, and why the others cannot. */
  async listTools(): Promise<SessionToolList> {
    const byAlias = new Map<string, QualifiedToolName[]>();
    for (const [name, alias] of this.#allowed) {
      byAlias.set(alias, [...(byAlias.get(alias) ?? []), name]);
    }
    const list: SessionToolList = { tools: [], unavailable: [] };
    const enabled = new Set(await this.#backend.enabledAliases());
    await Promise.all(
      [...byAlias].map(async ([alias, names]) => {
        for (const [i, name] of names.entries()) {
          try {
            list.tools.push((await this.#check(name, alias)).tool);
          } catch (error) {
            if (!(error instanceof McpError)) throw error;
            list.unavailable.push({ tool: name, code: error.code, message: error.message });
            // One unreachable server is enough to know about; do not retry it for every tool.
            if (error instanceof ServerUnavailableError || !enabled.has(alias)) {
              for (const rest of names.slice(i + 1)) {
                list.unavailable.push({ tool: rest, code: error.code, message: error.message });
              }
              break;
            }
          }
        }
      }),
    );
    for (const name of this.#excluded) {
      list.unavailable.push({
        tool: name,
        code: 'tool_not_allowed',
        message: new ToolNotAllowedError(name, notAllowedReason(true)).message,
      });
    }
    list.tools.sort((a, b) => compare(a.name, b.name));
    list.unavailable.sort((a, b) => compare(a.tool, b.tool));
    return list;
  }

  /**
   * Calls an allowed tool. Anything the session cannot vouch for fails with a typed error (and an
   * audit event) instead of a tool result, so the model cannot talk its way past it.
   */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: SessionCallOptions = {},
  ): Promise<ToolCallResult> {
    if (this.#closed) throw new SessionClosedError();
    const qualified = this.#allowed.has(name) ? name : normalise(name);
    const alias = qualified === undefined ? undefined : this.#allowed.get(qualified);
    if (qualified === undefined || alias === undefined) {
      const excluded = qualified !== undefined && this.#excluded.has(qualified);
      return this.#refuse(name, new ToolNotAllowedError(name, notAllowedReason(excluded)));
    }
    let resolved: Resolved;
    try {
      resolved = await this.#check(qualified, alias);
    } catch (error) {
      if (error instanceof ToolBlockedError || error instanceof UnknownToolError) {
        return this.#refuse(name, error);
      }
      throw error;
    }
    return this.#backend.invoke(resolved, args, {
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      signal: options.signal,
      meta: this.#meta,
    });
  }

  /**
   * Runs one exact call (core's ToolCall) and reports it as core's ToolCallOutcome, the shape the
   * executor stores. A tool's own failure is an outcome with `ok: false`; a blocked, timed-out,
   * cancelled or crashed call throws, as with `callTool`.
   */
  async call(call: ToolCall, signal?: AbortSignal): Promise<ToolCallOutcome> {
    const result = await this.callTool(call.tool, call.arguments, signal ? { signal } : {});
    const base = { tool: call.tool, arguments: call.arguments };
    if (result.isError) {
      const error = capText(result.text || 'the tool reported an error', LIMITS.comment).text;
      return { ...base, ok: false, error };
    }
    return { ...base, ok: true, output: capText(result.text, LIMITS.output).text };
  }

  /** Ends the session: later calls fail with SessionClosedError. Connections stay with the client. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  async #check(name: QualifiedToolName, alias: string): Promise<Resolved> {
    const refresh = !this.#refreshed.has(alias);
    const resolved = await this.#backend.resolve(name, alias, refresh, this.#context);
    this.#refreshed.add(alias);
    if (this.#pins) {
      const pin = this.#pins.get(name);
      const { displayName } = resolved.tool;
      if (pin === undefined) throw new ToolNotPinnedError(displayName);
      if (pin !== resolved.tool.pin) {
        throw new ToolDefinitionChangedError(displayName, pin, resolved.tool.pin);
      }
    }
    return resolved;
  }

  async #refuse(requested: string, error: ToolBlockedError | UnknownToolError): Promise<never> {
    await this.#backend.audit({
      type: 'mcp.tool_call_blocked',
      at: this.#backend.clock().toISOString(),
      ...(this.#context.requestId ? { requestId: this.#context.requestId } : {}),
      actor: this.#context.requester?.userId ?? 'system',
      tool: requested.slice(0, 200),
      code: BlockedCallCodeSchema.parse(error.code),
      reason: error.message,
    });
    throw error;
  }
}

function normalise(name: string): QualifiedToolName | undefined {
  try {
    return toQualifiedToolName(name);
  } catch (error) {
    if (error instanceof ToolNameError) return undefined;
    throw error;
  }
}

function notAllowedReason(excludedByCeiling: boolean): string {
  return excludedByCeiling
    ? "it is outside the deployment's allowed tools (MCP_ALLOWED_TOOLS)"
    : 'it is not among the tools approved for this request';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
