export { AwsApiServer, type AwsApiServerDeps } from './aws-api-server.js';
export { createTables } from './create-tables.js';
export {
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
  freePort,
  LOCAL_AWS,
  startDynamoDbLocal,
} from './dynamodb-local.js';
export {
  type ExecutionJournal,
  type ExecutionRecord,
  FileExecutionJournal,
  InMemoryExecutionJournal,
} from './execution-journal.js';
export {
  FunctionError,
  functionNameOf,
  LocalFunctions,
  type LocalHandler,
} from './local-functions.js';
export { ensureLocalIdentities } from './local-identities.js';
export {
  LocalStateMachine,
  type LocalStateMachineOptions,
  StepFunctionsError,
} from './local-state-machine.js';
export { localDataDir, repositoryRoot } from './paths.js';
export {
  type ApiIdentity,
  type LocalRuntime,
  type LocalRuntimeOptions,
  startLocalRuntime,
  writeRuntimeFile,
} from './runtime.js';
export { type LocalCredentials, runCredentials, verifySignature } from './sigv4.js';
export { TaskFailure, TaskTokenBroker, TaskTokenError, type Timers } from './task-token-broker.js';
