export { modelAgentRunner, modelPlanner } from './agent.js';
export { staticDirectory } from './directory.js';
export { type AuditLog, auditLogSink, mcpToolPinner, mcpToolSessions } from './mcp-tools.js';
export { FanOutNotifier, SnsNotifier, TextNotifier } from './notifiers.js';
export { EnginePolicy, type EnginePolicyOptions } from './policy.js';
export { SfnExecutionStarter, SfnTaskTokens } from './step-functions.js';
