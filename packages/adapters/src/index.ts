export { modelAgentRunner, modelPlanner } from './agent.js';
export { composeServices, type ServiceWiring } from './compose.js';
export { staticDirectory } from './directory.js';
export {
  builtinServers,
  composeFromEnvironment,
  EnvironmentError,
  type LambdaEnvironment,
  LambdaEnvironmentSchema,
  parseLambdaEnvironment,
} from './lambda-environment.js';
export {
  type AuditLog,
  auditLogSink,
  configStoreServerSource,
  mcpToolPinner,
  mcpToolSessions,
  type ServerConfigStore,
} from './mcp-tools.js';
export { SnsNotifier, TextNotifier } from './notifiers.js';
export { EnginePolicy, type EnginePolicyOptions } from './policy.js';
export { type PolicyConfigStore, policySources } from './policy-sources.js';
export { SfnExecutionStarter, SfnTaskTokens } from './step-functions.js';
