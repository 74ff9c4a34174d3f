export {
  type AuditSink,
  type BlockedCallCode,
  BlockedCallCodeSchema,
  InMemoryAuditSink,
  type McpAuditEvent,
  McpAuditEventSchema,
} from './audit.js';
export {
  type CatalogProblem,
  type McpTool,
  type McpToolAnnotations,
  SENSITIVE_OUTPUT_META,
} from './catalog.js';
export {
  type CallToolOptions,
  McpClient,
  type McpClientOptions,
  type ServerToolList,
  type ToolCatalog,
  type UnavailableServer,
} from './client.js';
export {
  type McpServerDefinition,
  type McpServerDefinitionInput,
  McpServerDefinitionSchema,
  type McpServerEntry,
  McpServerEntrySchema,
  type McpServerTransport,
  McpServerTransportSchema,
  parseServerDefinitions,
  parseServerEntries,
} from './config.js';
export {
  fallbackServerConfigSource,
  type McpServerConfigSource,
  staticServerConfigSource,
} from './config-source.js';
export type { BuiltinServerFactory } from './connection.js';
export { capText, contentToText, type ToolCallResult } from './content.js';
export {
  type McpEnvConfig,
  type McpServersEnvOptions,
  parseAllowedToolsList,
  parseMcpServersEnv,
  parseMcpServersValue,
  readMcpEnvConfig,
} from './env-config.js';
export {
  ClientClosedError,
  McpConfigError,
  McpError,
  type McpErrorCode,
  ServerCrashedError,
  ServerUnavailableError,
  SessionClosedError,
  ToolBlockedError,
  ToolCallCancelledError,
  ToolCallFailedError,
  ToolDefinitionChangedError,
  ToolDisabledError,
  ToolNameError,
  ToolNotAllowedError,
  ToolNotPinnedError,
  ToolTimeoutError,
  UnknownToolError,
} from './errors.js';
export {
  type HttpErrorCode,
  HttpRequestError,
  type HttpSettings,
  type JsonRequest,
  type JsonResponse,
  requestJson,
} from './http/json-client.js';
export { parseRetryAfter } from './http/retry-after.js';
export type { LaunchOptions } from './launch.js';
export {
  aliasOf,
  displayToolName,
  qualifyToolName,
  type ServerAlias,
  ServerAliasSchema,
  toQualifiedToolName,
} from './naming.js';
export {
  type PinnedDefinition,
  type ToolPin,
  ToolPinSchema,
  type ToolPins,
  ToolPinsSchema,
  toolPin,
} from './pinning.js';
export { type Clock, type McpLogger, silentLogger, systemClock } from './ports.js';
export {
  REQUEST_ID_META_KEY,
  REQUESTER_META_KEY,
  type RequestContext,
  readRequestMeta,
} from './request-meta.js';
export type {
  McpSession,
  McpSessionOptions,
  SessionCallOptions,
  SessionToolList,
  UnavailableTool,
} from './session.js';
export { runTool, toolError, toolResult } from './tool-results.js';
