// The "is it configured?" check is exported by `./configured` alone: re-exported here, it would
// be in both the start code and this package's on-demand chunk, so esbuild would give it a
// chunk of its own, loaded at start.
export { ADDITIVE_WRITE, CREATING_WRITE, DESTRUCTIVE_WRITE, READ_ONLY } from './annotations.js';
export { type GoogleApiEdges, googleApiOptions } from './api-options.js';
export { callGoogle, type RetryPolicy, retryPolicy } from './call.js';
export {
  type CallOptions,
  type GoogleApiOptions,
  ImpersonatedApi,
  ImpersonatedClients,
} from './clients.js';
export {
  GOOGLE_TOKEN_URL,
  type GoogleConnectionConfig,
  type KeySourceConfig,
  OptionalText,
  parseGoogleEnv,
} from './config.js';
export {
  createKeyProvider,
  envKeyProvider,
  parseServiceAccountKey,
  type SecretReader,
  type SecretsManagerReaderFactory,
  type ServiceAccountKey,
  type ServiceAccountKeyProvider,
  secretKeyProvider,
} from './credentials.js';
export { GoogleWorkspaceError, type GoogleWorkspaceErrorCode } from './errors.js';
export { describeFailure, type Failure } from './failures.js';
export { requesterEmail } from './requester.js';
