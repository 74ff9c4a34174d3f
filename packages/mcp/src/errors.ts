/** Stable, machine-readable codes of the MCP layer. Callers branch on `code`, never on messages. */
export type McpErrorCode =
  | 'config_invalid'
  | 'tool_name_invalid'
  | 'unknown_tool'
  | 'tool_not_allowed'
  | 'tool_disabled'
  | 'tool_not_pinned'
  | 'tool_definition_changed'
  | 'tool_timeout'
  | 'tool_call_cancelled'
  | 'tool_call_failed'
  | 'server_unavailable'
  | 'server_crashed'
  | 'client_closed'
  | 'session_closed';

/** Base of every error the MCP client throws. */
export class McpError extends Error {
  readonly code: McpErrorCode;

  constructor(code: McpErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'McpError';
    this.code = code;
  }
}

/** Server configuration (an entry, `MCP_SERVERS`, client options) is malformed. */
export class McpConfigError extends McpError {
  constructor(message: string, options?: ErrorOptions) {
    super('config_invalid', message, options);
    this.name = 'McpConfigError';
  }
}

/** A tool name is neither `alias__tool` nor `alias/tool`, or an alias is malformed. */
export class ToolNameError extends McpError {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super('tool_name_invalid', `invalid tool name '${clip(input)}': ${reason}`);
    this.name = 'ToolNameError';
  }
}

/** No connected server offers this tool (unknown alias, or the server does not list it). */
export class UnknownToolError extends McpError {
  constructor(
    readonly tool: string,
    reason: string,
  ) {
    super('unknown_tool', `tool ${clip(tool)} is not available: ${reason}`);
    this.name = 'UnknownToolError';
  }
}

/**
 * A call was refused by a rule (allowlist, disabled tools, pins) rather than failing. These are
 * hard failures: the caller must not hand them to the model as a tool result to argue with.
 */
export class ToolBlockedError extends McpError {
  /** The tool as it was requested (qualified when the request was well-formed). */
  readonly tool: string;

  constructor(code: McpErrorCode, tool: string, message: string) {
    super(code, message);
    this.name = 'ToolBlockedError';
    this.tool = tool;
  }
}

/** The tool is outside the session's allowlist (the approval, narrowed by the deployment's list). */
export class ToolNotAllowedError extends ToolBlockedError {
  constructor(tool: string, reason: string) {
    super('tool_not_allowed', tool, `tool ${clip(tool)} is not allowed: ${reason}`);
    this.name = 'ToolNotAllowedError';
  }
}

/** The tool is disabled for its server; no approval can enable it. */
export class ToolDisabledError extends ToolBlockedError {
  constructor(
    tool: string,
    readonly alias: string,
  ) {
    super('tool_disabled', tool, `tool ${clip(tool)} is disabled for server '${alias}'`);
    this.name = 'ToolDisabledError';
  }
}

/** The session requires pins and none was recorded for this tool at approval time. */
export class ToolNotPinnedError extends ToolBlockedError {
  constructor(tool: string) {
    super('tool_not_pinned', tool, `tool ${clip(tool)} has no pin recorded at approval time`);
    this.name = 'ToolNotPinnedError';
  }
}

/** The tool's name, description or input schema differ from what was approved; names the tool. */
export class ToolDefinitionChangedError extends ToolBlockedError {
  constructor(
    tool: string,
    readonly expectedPin: string,
    readonly actualPin: string,
  ) {
    super(
      'tool_definition_changed',
      tool,
      `tool ${clip(tool)} changed since it was approved (approved ${short(expectedPin)}, now ${short(actualPin)})`,
    );
    this.name = 'ToolDefinitionChangedError';
  }
}

/** The server did not answer within the call's timeout; the request was cancelled on the server. */
export class ToolTimeoutError extends McpError {
  constructor(
    readonly tool: string,
    readonly timeoutMs: number,
  ) {
    super('tool_timeout', `tool ${clip(tool)} did not answer within ${timeoutMs} ms`);
    this.name = 'ToolTimeoutError';
  }
}

/** The caller's AbortSignal fired before the tool answered. */
export class ToolCallCancelledError extends McpError {
  constructor(
    readonly tool: string,
    options?: ErrorOptions,
  ) {
    super('tool_call_cancelled', `call to ${clip(tool)} was cancelled`, options);
    this.name = 'ToolCallCancelledError';
  }
}

/** The server answered the call with a protocol error (bad arguments, output schema mismatch...). */
export class ToolCallFailedError extends McpError {
  constructor(
    readonly tool: string,
    readonly rpcCode: number | undefined,
    detail: string,
    options?: ErrorOptions,
  ) {
    super('tool_call_failed', `call to ${clip(tool)} failed: ${clip(detail, 500)}`, options);
    this.name = 'ToolCallFailedError';
  }
}

/** The server could not be started, reached or initialised; other servers keep working. */
export class ServerUnavailableError extends McpError {
  constructor(
    readonly alias: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      'server_unavailable',
      `MCP server '${alias}' is unavailable: ${clip(detail, 500)}`,
      options,
    );
    this.name = 'ServerUnavailableError';
  }
}

/** The connection to the server was lost during a call; the next call starts a new connection. */
export class ServerCrashedError extends McpError {
  constructor(
    readonly alias: string,
    readonly tool: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      'server_crashed',
      `MCP server '${alias}' went away during ${clip(tool)}: ${detail}`,
      options,
    );
    this.name = 'ServerCrashedError';
  }
}

/** The client was closed; build a new one. */
export class ClientClosedError extends McpError {
  constructor() {
    super('client_closed', 'the MCP client is closed');
    this.name = 'ClientClosedError';
  }
}

/** The session was closed; its request is over. */
export class SessionClosedError extends McpError {
  constructor() {
    super('session_closed', 'the MCP session is closed');
    this.name = 'SessionClosedError';
  }
}

// Names can come from a model; keep messages (and the logs and audit records they end up in)
// bounded.
function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function short(pin: string): string {
  return pin.slice(0, 'sha256:'.length + 12);
}
