export { composeTotpServer, createSecretSource } from './compose.js';
export { parseTotpConfig, type TotpConfig } from './config.js';
export {
  SecretNotFoundError,
  SecretSourceUnavailableError,
  TotpError,
  type TotpErrorCode,
} from './errors.js';
export {
  type GenerateTotpCodeInput,
  GenerateTotpCodeInputSchema,
  type GetTotpCodeInput,
  GetTotpCodeInputSchema,
  TotpAlgorithmSchema,
  type TotpCodeOutput,
  TotpCodeOutputSchema,
} from './schemas.js';
export { CachedSecretSource, type CachedSecretSourceOptions } from './secrets/cached-source.js';
export { DEFAULT_ENV_PREFIX, EnvSecretSource, envVariableFor } from './secrets/env-source.js';
export { extractTotpSeed } from './secrets/extract.js';
export { FileSecretSource, SecretsFileSchema } from './secrets/file-source.js';
export type { SecretReadOptions, SecretSource } from './secrets/secret-source.js';
export {
  SecretsManagerSecretSource,
  type SecretsManagerSecretSourceOptions,
} from './secrets/secrets-manager-source.js';
export {
  buildServer,
  TOTP_SERVER_NAME,
  TOTP_SERVER_VERSION,
  type TotpServerDeps,
} from './server.js';
export { SENSITIVE_OUTPUT_META } from './tools/result.js';
export {
  generateTotp,
  normaliseBase32Secret,
  TOTP_ALGORITHMS,
  type TotpAlgorithm,
  type TotpCode,
  type TotpSettings,
} from './totp.js';
