export { type CliEnvironment, runCli, USAGE } from './cli.js';
export { type Outcome, UsageError } from './commands.js';
export {
  LOCAL_IDENTITIES,
  type LocalIdentitiesFile,
  LocalIdentitiesFileSchema,
  type LocalIdentityName,
} from './local-identities.js';
export { type RuntimeFile, RuntimeFileSchema } from './target.js';
