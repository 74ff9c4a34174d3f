export { ApiError, ConnectionError } from './api-client.js';
export { type CliEnvironment, runCli, USAGE } from './cli.js';
export {
  LOCAL_IDENTITIES,
  type LocalIdentitiesFile,
  LocalIdentitiesFileSchema,
  type LocalIdentityName,
} from './local-identities.js';
export { EXIT, type Outcome, UsageError } from './outcome.js';
export { type RuntimeFile, RuntimeFileSchema } from './target.js';
