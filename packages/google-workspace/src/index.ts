export { callGoogle, type RetryPolicy, retryPolicy } from './call.js';
export { type GoogleApiOptions, ImpersonatedClients } from './clients.js';
export {
  GOOGLE_TOKEN_URL,
  type GoogleConnectionConfig,
  hasServiceAccountKeySource,
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
