// The "is it configured?" check is exported by `./configured` alone: re-exported here, it would
// be in both the start code and this package's on-demand chunk, so esbuild would give it a
// chunk of its own, loaded at start.
export {
  type AwsRole,
  accountOf,
  parseRoleValue,
  ROLE_ARN_PATTERN,
  roleValue,
  SAML_PROVIDER_ARN_PATTERN,
} from './aws-roles.js';
export { composeGoogleAdminServer, type GoogleAdminEdges } from './compose.js';
export {
  DEFAULT_ROLE_FIELD,
  DEFAULT_ROLE_SCHEMA,
  DEFAULT_ROOT_URL,
  type GoogleAdminConfig,
  parseGoogleAdminConfig,
} from './config.js';
export type { DirectoryUser, ListUsersParams, UserDirectory, UserPage } from './directory.js';
export {
  DIRECTORY_SCOPES,
  GoogleDirectory,
  type GoogleDirectoryOptions,
} from './google-directory.js';
export {
  buildServer,
  GOOGLE_ADMIN_SERVER_NAME,
  GOOGLE_ADMIN_SERVER_VERSION,
  type GoogleAdminServerDeps,
} from './server.js';
export { PASSWORD_NOTICE } from './tools/add-user.js';
