export { modelPlanner, phrasePlanner } from './agent.js';
export { chainedApprovalEvidence, type VerifiableAuditLog } from './approval-evidence.js';
export { fileAuditKeys, missingAuditKeys, secretsManagerAuditKeys } from './audit-keys.js';
export { type AwsTarget, snsClient, stepFunctionsClient } from './aws-clients.js';
export {
  ApprovalWindowSettings,
  ConfigurationError,
  DeploymentSettings,
  DirectorySettings,
  LogSettings,
  NotifySettings,
  PolicySettings,
  parseConfiguration,
  StateMachineSettings,
  StoreSettings,
} from './configuration.js';
export {
  configStoreDirectory,
  type DirectoryDocument,
  DirectoryDocumentSchema,
  type DirectoryPerson,
  DirectoryPersonSchema,
  findSlackPerson,
  type PeopleDirectory,
  type SlackPersonMatch,
  slackUserIdOf,
  staticDirectory,
} from './directory.js';
export {
  type Foundation,
  type FoundationConfig,
  type FoundationParts,
  functionFoundation,
} from './foundation.js';
export { liveConfig, type VersionedConfigStore } from './live-config.js';
export { buildMcpClient, type McpClientParts } from './mcp-client.js';
export {
  type AuditLog,
  auditLogSink,
  configStoreServerSource,
  mcpToolPinner,
  mcpToolSessions,
  type ServerConfigStore,
} from './mcp-tools.js';
export { SnsNotifier } from './notifiers.js';
export {
  EnginePolicy,
  type EnginePolicyOptions,
  type PolicyInForce,
  type PolicyLoader,
} from './policy.js';
export {
  type PolicyConfigStore,
  policySources,
  savedPolicySources,
  storedPolicy,
} from './policy-sources.js';
export {
  configStorePrompts,
  DEFAULT_PLANNER_INSTRUCTIONS,
  type PromptsDocument,
  PromptsDocumentSchema,
} from './prompts.js';
export { type SealingKeyConfig, sealingKeySource } from './sealing-keys.js';
export { readSecretText, SecretReadError } from './secret-text.js';
export {
  allNotifiers,
  DynamoSlackMessageLedger,
  directorySlackIds,
  fixedSlackCredentials,
  InMemorySlackMessageLedger,
  type ProgressStage,
  progressLine,
  type RequestMessages,
  type SealedOutputTaker,
  type SlackConnection,
  type SlackConnectionConfig,
  type SlackCredentialStore,
  type SlackCredentials,
  SlackCredentialsSchema,
  type SlackIdOf,
  type SlackMessage,
  type SlackMessageLedger,
  type SlackMessageRef,
  type SlackMessaging,
  SlackNotifier,
  type SlackNotifierOptions,
  type SlackParts,
  type SlackProgress,
  SlackSecretError,
  SlackSettings,
  sameSlackIds,
  secretsManagerSlackCredentials,
  slackConnection,
  THREAD_STATUS,
  type ThreadSessions,
  threadContext,
  withSlackIds,
  withSlackThreadContext,
} from './slack/index.js';
export { SfnExecutionStarter, SfnTaskTokens } from './step-functions.js';
export { SubmissionLimit, type SubmissionVerdict } from './submission-limit.js';
export {
  correlationOf,
  functionTelemetry,
  observeInvocation,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry.js';
export { type ToolParts, toolClient, toolFoundation } from './tool-foundation.js';
