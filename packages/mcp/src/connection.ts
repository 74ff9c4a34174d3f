import type { QualifiedToolName } from '@agentcore/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type CallToolResult,
  CallToolResultSchema,
  ErrorCode,
  McpError as SdkMcpError,
  type Tool,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { buildToolIndex, type McpTool, type ToolIndex } from './catalog.js';
import type { McpServerDefinition } from './config.js';
import {
  ClientClosedError,
  type McpError,
  ServerCrashedError,
  ServerUnavailableError,
  ToolCallCancelledError,
  ToolCallFailedError,
  ToolTimeoutError,
} from './errors.js';
import { type LaunchOptions, toSpawnParams } from './launch.js';
import { qualifyToolName } from './naming.js';
import type { McpLogger } from './ports.js';
import { sharedSchemaValidator } from './schema-validators.js';
import { IsolatedStdioTransport } from './stdio-transport.js';

/** Builds a built-in server to run in-process (a server package's `buildServer`). */
export type BuiltinServerFactory = () => McpServer | Promise<McpServer>;

export interface ConnectionSettings {
  clientInfo: { name: string; version: string };
  connectTimeoutMs: number;
  launch: LaunchOptions;
  builtins: ReadonlyMap<string, BuiltinServerFactory>;
  logger: McpLogger;
}

export interface InvokeOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  meta?: Record<string, unknown> | undefined;
}

/** A tool and the connection of the server that offers it. */
export interface ResolvedTool {
  connection: ServerConnection;
  tool: McpTool;
}

/** One live session with a server; `lost` turns true when its transport closes. */
interface Live {
  client: Client;
  transport: Transport;
  server?: McpServer;
  lost: boolean;
}

const MAX_LIST_PAGES = 100;

/**
 * A lazily opened, self-healing connection to one server. It opens on first use; when the
 * transport closes (a crashed child, a dropped HTTP session) the calls in flight fail with
 * ServerCrashedError and the next use opens a new connection.
 */
export class ServerConnection {
  readonly alias: string;
  #definition: McpServerDefinition;
  #disabled: ReadonlySet<QualifiedToolName>;
  #live: Live | undefined;
  #connecting: Promise<Live> | undefined;
  #index: { live: Live; tools: Promise<ToolIndex> } | undefined;
  #closed = false;
  #inFlight = 0;
  #retired = false;

  constructor(
    definition: McpServerDefinition,
    private readonly settings: ConnectionSettings,
  ) {
    this.alias = definition.alias;
    this.#definition = definition;
    this.#disabled = disabledSet(definition);
  }

  get definition(): McpServerDefinition {
    return this.#definition;
  }

  /** Whether `definition` reaches the server the same way (so this connection can serve it). */
  sameTransport(definition: McpServerDefinition): boolean {
    return (
      definition.alias === this.alias &&
      JSON.stringify(definition.transport) === JSON.stringify(this.#definition.transport)
    );
  }

  /**
   * Takes a new `enabled` and disabled-tools setting without reconnecting (the transport must be
   * the same). The tool index is rebuilt on next use, so a newly disabled tool is never offered.
   */
  reconfigure(definition: McpServerDefinition): void {
    if (!this.sameTransport(definition)) {
      throw new Error(`cannot reconfigure '${this.alias}' onto another transport`);
    }
    if (JSON.stringify(definition) === JSON.stringify(this.#definition)) return;
    this.#definition = definition;
    this.#disabled = disabledSet(definition);
    this.#index = undefined;
  }

  /** Whether the configuration disables this tool; needs no connection. */
  isDisabled(name: QualifiedToolName): boolean {
    return this.#disabled.has(name);
  }

  /**
   * Every tool the server lists now, disabled ones included (for people configuring it), fresh
   * from the server rather than from the index.
   */
  async allTools(): Promise<ToolIndex> {
    const live = await this.#ensureLive();
    return buildToolIndex(this.alias, await this.#listRaw(live), () => false);
  }

  /**
   * No longer part of the configuration: closes once the calls in flight have finished, so a
   * configuration change does not cut a running call short.
   */
  retire(): void {
    this.#retired = true;
    if (this.#inFlight === 0) void this.close();
  }

  /** The server's usable tools, listed once per connection unless `refresh` or the server says they changed. */
  async tools(refresh = false): Promise<ToolIndex> {
    const live = await this.#ensureLive();
    let index = this.#index;
    if (refresh || index?.live !== live) {
      const entry = { live, tools: this.#listTools(live) };
      entry.tools.catch(() => {
        if (this.#index === entry) this.#index = undefined;
      });
      this.#index = entry;
      index = entry;
    }
    return index.tools;
  }

  async call(
    tool: McpTool,
    args: Record<string, unknown>,
    options: InvokeOptions,
  ): Promise<CallToolResult> {
    this.#inFlight += 1;
    try {
      return await this.#call(tool, args, options);
    } finally {
      this.#inFlight -= 1;
      if (this.#retired && this.#inFlight === 0) void this.close();
    }
  }

  async #call(
    tool: McpTool,
    args: Record<string, unknown>,
    options: InvokeOptions,
  ): Promise<CallToolResult> {
    const live = this.#live && !this.#live.lost ? this.#live : await this.#ensureLive();
    try {
      const result = await live.client.callTool(
        { name: tool.toolName, arguments: args, ...(options.meta ? { _meta: options.meta } : {}) },
        CallToolResultSchema,
        { timeout: options.timeoutMs, signal: options.signal },
      );
      if ('toolResult' in result) {
        // Protocol 2024-10-07 servers answer `{ toolResult }`, which passes CallToolResultSchema
        // with an empty `content`: keep what they said.
        return { content: [{ type: 'text', text: JSON.stringify(result.toolResult) ?? '' }] };
      }
      return result;
    } catch (error) {
      throw this.#callError(error, tool, live, options);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const live = this.#live ?? (await this.#connecting?.catch(() => undefined));
    this.#live = undefined;
    if (live) await dispose(live);
  }

  #callError(error: unknown, tool: McpTool, live: Live, options: InvokeOptions): McpError {
    const cause = { cause: error };
    if (options.signal?.aborted) return new ToolCallCancelledError(tool.displayName, cause);
    if (error instanceof SdkMcpError) {
      if (error.code === ErrorCode.RequestTimeout) {
        return new ToolTimeoutError(tool.displayName, options.timeoutMs);
      }
      if (error.code === ErrorCode.ConnectionClosed || live.lost) {
        return new ServerCrashedError(this.alias, tool.displayName, describeLoss(live), cause);
      }
      return new ToolCallFailedError(tool.displayName, error.code, error.message, cause);
    }
    // Anything else is the transport failing (refused HTTP connection, broken pipe): drop the
    // connection so that the next call starts afresh.
    this.#discard(live);
    return new ServerUnavailableError(this.alias, messageOf(error), cause);
  }

  #ensureLive(): Promise<Live> {
    if (this.#closed) return Promise.reject(new ClientClosedError());
    if (this.#live && !this.#live.lost) return Promise.resolve(this.#live);
    if (!this.#connecting) {
      const attempt = this.#connect().then(
        (live) => {
          this.#connecting = undefined;
          if (this.#closed) {
            void dispose(live);
            throw new ClientClosedError();
          }
          this.#live = live;
          return live;
        },
        (error: unknown) => {
          this.#connecting = undefined;
          throw error;
        },
      );
      this.#connecting = attempt;
    }
    return this.#connecting;
  }

  async #connect(): Promise<Live> {
    const client = new Client(this.settings.clientInfo, {
      capabilities: {},
      jsonSchemaValidator: sharedSchemaValidator,
    });
    let live: Live | undefined;
    try {
      const { transport, server } = await this.#openTransport();
      live = { client, transport, lost: false, ...(server ? { server } : {}) };
      const current = live;
      client.onclose = () => {
        current.lost = true;
        if (this.#live === current) this.#live = undefined;
      };
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        if (this.#index?.live === current) this.#index = undefined;
      });
      await client.connect(transport, { timeout: this.settings.connectTimeoutMs });
      return live;
    } catch (error) {
      const detail = live ? `${messageOf(error)}${exitSuffix(live)}` : messageOf(error);
      this.settings.logger.debug('mcp server failed to start', {
        alias: this.alias,
        error: messageOf(error),
        stderr: live?.transport instanceof IsolatedStdioTransport ? live.transport.stderrTail : '',
      });
      if (live) await dispose(live);
      throw new ServerUnavailableError(this.alias, detail, { cause: error });
    }
  }

  async #openTransport(): Promise<{ transport: Transport; server?: McpServer }> {
    const transport = this.definition.transport;
    switch (transport.type) {
      case 'stdio':
      case 'script':
        return {
          transport: new IsolatedStdioTransport(toSpawnParams(transport, this.settings.launch)),
        };
      case 'http': {
        // Loaded on demand: in-process and stdio deployments (a Lambda's cold start) never pay
        // for the HTTP/SSE client code.
        const { StreamableHTTPClientTransport } = await import(
          '@modelcontextprotocol/sdk/client/streamableHttp.js'
        );
        return {
          transport: new StreamableHTTPClientTransport(new URL(transport.url), {
            requestInit: { headers: transport.headers },
          }),
        };
      }
      case 'in-memory': {
        const factory = this.settings.builtins.get(transport.builtin);
        if (!factory) throw new Error(`no built-in server named '${transport.builtin}'`);
        const server = await factory();
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await server.connect(serverSide);
        return { transport: clientSide, server };
      }
    }
  }

  async #listTools(live: Live): Promise<ToolIndex> {
    return buildToolIndex(this.alias, await this.#listRaw(live), (name) => this.isDisabled(name));
  }

  async #listRaw(live: Live): Promise<Tool[]> {
    const listed: Tool[] = [];
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const result = await live.client.listTools(cursor === undefined ? undefined : { cursor }, {
          timeout: this.settings.connectTimeoutMs,
        });
        listed.push(...result.tools);
        cursor = result.nextCursor;
        if (cursor === undefined) break;
      }
    } catch (error) {
      this.#discard(live);
      throw new ServerUnavailableError(this.alias, `listing tools failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return listed;
  }

  #discard(live: Live): void {
    live.lost = true;
    if (this.#live === live) this.#live = undefined;
    void dispose(live);
  }
}

/** Every accepted spelling (`tool`, `alias__tool`, `alias/tool`) qualifies to the same name. */
function disabledSet({ alias, disabledTools }: McpServerDefinition): Set<QualifiedToolName> {
  return new Set(
    disabledTools.map((entry) => {
      const bare = entry.startsWith(`${alias}/`) ? entry.slice(alias.length + 1) : entry;
      return bare.startsWith(`${alias}__`)
        ? (bare as QualifiedToolName)
        : qualifyToolName(alias, bare);
    }),
  );
}

async function dispose(live: Live): Promise<void> {
  live.lost = true;
  await live.client.close().catch(() => undefined);
  await live.server?.close().catch(() => undefined);
}

function describeLoss(live: Live): string {
  const transport = live.transport;
  if (transport instanceof IsolatedStdioTransport && transport.exit) {
    const { code, signal } = transport.exit;
    return signal ? `the process was killed by ${signal}` : `the process exited with code ${code}`;
  }
  return 'the connection closed';
}

function exitSuffix(live: Live): string {
  return live.transport instanceof IsolatedStdioTransport && live.transport.exit
    ? ` (${describeLoss(live)})`
    : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
