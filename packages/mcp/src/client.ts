import { LIMITS, type QualifiedToolName } from '@agentcore/core';
import type { AuditSink, McpAuditEvent } from './audit.js';
import type { CatalogProblem, McpTool } from './catalog.js';
import { type McpServerDefinition, parseServerDefinitions } from './config.js';
import type { McpServerConfigSource } from './config-source.js';
import { staticServerConfigSource } from './config-source.js';
import {
  type BuiltinServerFactory,
  type ConnectionSettings,
  type InvokeOptions,
  type ResolvedTool as Resolved,
  ServerConnection,
} from './connection.js';
import { type ToolCallResult, toToolCallResult } from './content.js';
import {
  ClientClosedError,
  McpConfigError,
  McpError,
  type McpErrorCode,
  ServerUnavailableError,
  ToolCallFailedError,
  ToolDisabledError,
  ToolNotAllowedError,
  UnknownToolError,
} from './errors.js';
import type { LaunchOptions } from './launch.js';
import { aliasOf, ServerAliasSchema, toQualifiedToolName } from './naming.js';
import type { ToolPins } from './pinning.js';
import { type Clock, type McpLogger, silentLogger, systemClock } from './ports.js';
import { type RequestContext, toRequestMeta } from './request-meta.js';
import { McpSession, type McpSessionOptions, type SessionBackend } from './session.js';

export interface McpClientOptions {
  /** Server definitions, or the source to load them from on first use. */
  servers: readonly McpServerDefinition[] | McpServerConfigSource;
  /**
   * In-process servers by name. Each is also served under its name as alias unless `servers`
   * has an entry with that alias, which then decides (to disable it, or some of its tools).
   */
  builtins?: Readonly<Record<string, BuiltinServerFactory>>;
  /**
   * The deployment's ceiling (`MCP_ALLOWED_TOOLS`): no tool outside it is listed, pinned or run,
   * and every session's allowlist is narrowed to it. Unset means no ceiling.
   */
  allowedToolsCeiling?: readonly string[] | undefined;
  audit?: AuditSink;
  logger?: McpLogger;
  clock?: Clock;
  /** Default per-call timeout. Default 60 s. */
  callTimeoutMs?: number;
  /** Timeout for starting a server and listing its tools. Default 30 s. */
  connectTimeoutMs?: number;
  /** Longest tool result text handed back, marker included. Default LIMITS.output (100,000). */
  maxResultChars?: number;
  launch?: LaunchOptions;
  clientInfo?: { name: string; version: string };
}

/** Every enabled server's usable tools, and what could not be offered. */
export interface ToolCatalog {
  tools: McpTool[];
  unavailable: UnavailableServer[];
  problems: CatalogProblem[];
}

export interface UnavailableServer {
  alias: string;
  code: McpErrorCode;
  message: string;
}

/** One server's tools for people configuring it: every tool it lists, disabled ones marked. */
export interface ServerToolList {
  alias: string;
  enabled: boolean;
  tools: (McpTool & { disabled: boolean })[];
  problems: CatalogProblem[];
}

export interface CallToolOptions extends RequestContext {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Connects to the configured MCP servers (stdio, Streamable HTTP, in-process), lazily and in
 * parallel, and offers their tools under `alias__tool` names. Disabled tools are absolute here.
 * The allowlist lives in sessions: give the agent an McpSession, never the client itself.
 */
export class McpClient {
  readonly #source: McpServerConfigSource;
  readonly #builtins: ReadonlyMap<string, BuiltinServerFactory>;
  readonly #ceiling: ReadonlySet<QualifiedToolName> | undefined;
  readonly #audit: AuditSink | undefined;
  readonly #logger: McpLogger;
  readonly #clock: Clock;
  readonly #callTimeoutMs: number;
  readonly #maxResultChars: number;
  readonly #settings: ConnectionSettings;
  /** The servers as last loaded, and the source's version they were loaded at. */
  #connections: Map<string, ServerConnection> | undefined;
  #loadedVersion: string | undefined;
  /** The load under way, for the version it was started for; callers asking meanwhile share it. */
  #loading:
    | { version: string | undefined; done: Promise<Map<string, ServerConnection>> }
    | undefined;
  /** Built-in servers served under their own name because no configuration speaks for them. */
  #defaultBuiltins: ReadonlySet<ServerConnection> = new Set();
  #closed = false;

  constructor(options: McpClientOptions) {
    this.#source =
      'loadServers' in options.servers
        ? options.servers
        : staticServerConfigSource(options.servers);
    this.#builtins = new Map(Object.entries(options.builtins ?? {}));
    for (const name of this.#builtins.keys()) {
      if (!ServerAliasSchema.safeParse(name).success) {
        throw new McpConfigError(`built-in server name '${name}' is not a valid alias`);
      }
    }
    this.#ceiling = options.allowedToolsCeiling
      ? new Set(options.allowedToolsCeiling.map(toQualifiedToolName))
      : undefined;
    this.#audit = options.audit;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? systemClock;
    this.#callTimeoutMs = positive('callTimeoutMs', options.callTimeoutMs ?? 60_000);
    this.#maxResultChars = positive('maxResultChars', options.maxResultChars ?? LIMITS.output, 200);
    this.#settings = {
      clientInfo: options.clientInfo ?? { name: 'agentcore-mcp-client', version: '0.1.0' },
      connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs ?? 30_000),
      launch: options.launch ?? {},
      builtins: this.#builtins,
      logger: this.#logger,
    };
  }

  /**
   * All usable tools of all enabled servers, connecting to them in parallel. A server that cannot
   * be reached is reported in `unavailable` (and audited) while the others are listed.
   */
  async listTools(): Promise<ToolCatalog> {
    const connections = [...(await this.#connectionMap()).values()].filter(
      (connection) => connection.definition.enabled,
    );
    const settled = await Promise.allSettled(connections.map((connection) => connection.tools()));
    const catalog: ToolCatalog = { tools: [], unavailable: [], problems: [] };
    for (const [i, outcome] of settled.entries()) {
      const alias = connections[i]?.alias ?? '';
      if (outcome.status === 'fulfilled') {
        catalog.tools.push(...outcome.value.tools.filter((tool) => this.#withinCeiling(tool.name)));
        catalog.problems.push(...outcome.value.problems);
      } else {
        catalog.unavailable.push(await this.#reportUnavailable(alias, outcome.reason, {}));
      }
    }
    return catalog;
  }

  /**
   * Pins of the given tools as their servers define them now: record them with the approval and
   * pass them to the execution's session. Fails if a tool is disabled, unknown or unreachable.
   */
  async pinTools(names: readonly string[]): Promise<ToolPins> {
    const qualified = [...new Set(names.map(toQualifiedToolName))];
    const outside = qualified.find((name) => !this.#withinCeiling(name));
    if (outside) throw new ToolNotAllowedError(outside, CEILING_REASON);
    const refreshed = new Set<string>();
    const pins: ToolPins = {};
    for (const name of qualified) {
      const alias = aliasOf(name);
      const { tool } = await this.#resolve(name, alias, !refreshed.has(alias), {});
      refreshed.add(alias);
      pins[name] = tool.pin;
    }
    return pins;
  }

  /** A session that can see and call only `allowedTools` (narrowed by the deployment's ceiling). */
  openSession(options: McpSessionOptions): McpSession {
    if (this.#closed) throw new ClientClosedError();
    return new McpSession(this.#backend(), options);
  }

  /**
   * Calls a tool without a session's allowlist (disabled tools and the deployment's ceiling still
   * apply). For trusted callers
   * such as operators' tooling and benchmarks; an agent's calls go through a session.
   */
  async callTool(
    name: string,
    args: Record<string, unknown> = {},
    options: CallToolOptions = {},
  ): Promise<ToolCallResult> {
    const qualified = toQualifiedToolName(name);
    if (!this.#withinCeiling(qualified)) throw new ToolNotAllowedError(name, CEILING_REASON);
    const resolved = await this.#resolve(qualified, aliasOf(qualified), false, options);
    return this.#invoke(resolved, args, {
      timeoutMs: options.timeoutMs ?? this.#callTimeoutMs,
      signal: options.signal,
      meta: toRequestMeta(options),
    });
  }

  /**
   * The servers in effect now (configured ones, and the built-in ones no configuration speaks
   * for), each with whether it came from the configuration source.
   */
  async servers(): Promise<{ definition: McpServerDefinition; configured: boolean }[]> {
    return [...(await this.#connectionMap()).values()].map((connection) => ({
      definition: connection.definition,
      configured: !this.#defaultBuiltins.has(connection),
    }));
  }

  /** The names of the in-process servers this client can run. */
  builtinNames(): string[] {
    return [...this.#builtins.keys()];
  }

  /**
   * One server's tools as it lists them now, disabled ones included and marked, for people
   * configuring it. Undefined when no server has `alias`; ServerUnavailableError when it cannot
   * be reached.
   */
  async serverTools(alias: string): Promise<ServerToolList | undefined> {
    const connection = (await this.#connectionMap()).get(alias);
    if (!connection) return undefined;
    const index = await connection.allTools();
    return {
      alias,
      enabled: connection.definition.enabled,
      tools: index.tools.map((tool) => ({ ...tool, disabled: connection.isDisabled(tool.name) })),
      problems: [...index.problems],
    };
  }

  /** Closes every connection (child processes are ended). The client cannot be used afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#loading?.done.catch(() => undefined);
    const connections = this.#connections;
    this.#connections = undefined;
    await Promise.all([...(connections?.values() ?? [])].map((connection) => connection.close()));
  }

  #withinCeiling(name: QualifiedToolName): boolean {
    return this.#ceiling === undefined || this.#ceiling.has(name);
  }

  #backend(): SessionBackend {
    return {
      ceiling: this.#ceiling,
      callTimeoutMs: this.#callTimeoutMs,
      clock: this.#clock,
      enabledAliases: async () =>
        [...(await this.#connectionMap()).values()]
          .filter((connection) => connection.definition.enabled)
          .map((connection) => connection.alias),
      resolve: (name, alias, refresh, context) => this.#resolve(name, alias, refresh, context),
      invoke: (resolved, args, options) => this.#invoke(resolved, args, options),
      audit: (event) => this.#record(event),
    };
  }

  async #resolve(
    name: QualifiedToolName,
    alias: string,
    refresh: boolean,
    context: RequestContext,
  ): Promise<Resolved> {
    const connection = (await this.#connectionMap()).get(alias);
    if (!connection) throw new UnknownToolError(name, `no MCP server has the alias '${alias}'`);
    if (connection.isDisabled(name)) throw new ToolDisabledError(name, alias);
    if (!connection.definition.enabled) {
      throw new UnknownToolError(name, `MCP server '${alias}' is disabled`);
    }
    let index: Awaited<ReturnType<ServerConnection['tools']>>;
    try {
      index = await connection.tools(refresh);
    } catch (error) {
      if (error instanceof ServerUnavailableError)
        await this.#reportUnavailable(alias, error, context);
      throw error;
    }
    const tool = index.byName.get(name);
    if (!tool) throw new UnknownToolError(name, `MCP server '${alias}' does not offer it`);
    return { connection, tool };
  }

  async #invoke(
    { connection, tool }: Resolved,
    args: Record<string, unknown>,
    options: InvokeOptions,
  ): Promise<ToolCallResult> {
    if (typeof args !== 'object' || args === null || Array.isArray(args)) {
      throw new ToolCallFailedError(tool.displayName, undefined, 'arguments must be a JSON object');
    }
    const result = await connection.call(tool, args, options);
    return toToolCallResult(tool.name, result, this.#maxResultChars);
  }

  /**
   * The connections for the configuration in effect: one version check per use (when the source
   * has versions), and a reload when it changed, so an edit applies to the next request without a
   * restart. Only servers whose transport changed are reconnected; the others take their new
   * `enabled` and disabled tools in place.
   */
  async #connectionMap(): Promise<Map<string, ServerConnection>> {
    if (this.#closed) throw new ClientClosedError();
    const source = this.#source;
    const version = source.version ? await source.version() : undefined;
    if (this.#connections && (version === undefined || version === this.#loadedVersion)) {
      return this.#connections;
    }
    if (!this.#loading || this.#loading.version !== version) {
      const previous = this.#loading?.done.catch(() => undefined);
      const done = (async () => {
        await previous;
        return this.#reload(version);
      })();
      const loading = { version, done };
      this.#loading = loading;
      // A source that failed is asked again next time rather than remembered as empty.
      const settle = () => {
        if (this.#loading === loading) this.#loading = undefined;
      };
      done.then(settle, settle);
    }
    return this.#loading.done;
  }

  async #reload(version: string | undefined): Promise<Map<string, ServerConnection>> {
    // Sources hand over what they read (a config store, the environment): check it here.
    const configured = parseServerDefinitions(await this.#source.loadServers());
    if (this.#closed) throw new ClientClosedError();
    const previous = this.#connections ?? new Map<string, ServerConnection>();
    const next = new Map<string, ServerConnection>();
    const defaults = new Set<ServerConnection>();
    const wanted = [...configured];
    for (const name of this.#builtins.keys()) {
      if (configured.some((definition) => definition.alias === name)) continue;
      wanted.push({
        alias: name,
        enabled: true,
        disabledTools: [],
        transport: { type: 'in-memory', builtin: name },
      });
    }
    for (const definition of wanted) {
      const kept = previous.get(definition.alias);
      const connection = kept?.sameTransport(definition)
        ? kept
        : new ServerConnection(definition, this.#settings);
      if (connection === kept) connection.reconfigure(definition);
      next.set(definition.alias, connection);
      if (!configured.includes(definition)) defaults.add(connection);
    }
    for (const [alias, connection] of previous) {
      if (next.get(alias) !== connection) connection.retire();
    }
    this.#connections = next;
    this.#defaultBuiltins = defaults;
    this.#loadedVersion = version;
    return next;
  }

  async #reportUnavailable(
    alias: string,
    error: unknown,
    context: RequestContext,
  ): Promise<UnavailableServer> {
    const code = error instanceof McpError ? error.code : 'server_unavailable';
    const message = error instanceof Error ? error.message : String(error);
    this.#logger.warn('mcp server unavailable', { alias, code, error: message });
    await this.#record({
      type: 'mcp.server_unavailable',
      at: this.#clock().toISOString(),
      ...(context.requestId ? { requestId: context.requestId } : {}),
      actor: context.requester?.userId ?? 'system',
      alias,
      reason: message,
    });
    return { alias, code, message };
  }

  async #record(event: McpAuditEvent): Promise<void> {
    if (!this.#audit) return;
    try {
      await this.#audit.record(event);
    } catch (error) {
      // The refusal stands whether or not its record could be written; say so loudly.
      this.#logger.error('mcp audit record failed', {
        type: event.type,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

const CEILING_REASON = "it is outside the deployment's allowed tools (MCP_ALLOWED_TOOLS)";

function positive(name: string, value: number, min = 1): number {
  if (!Number.isFinite(value) || value < min) {
    throw new McpConfigError(`${name} must be a number of at least ${min}`);
  }
  return value;
}
