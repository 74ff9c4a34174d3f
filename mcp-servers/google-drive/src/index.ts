// The "is it configured?" check is exported by `./configured` alone: re-exported here, it would
// be in both the start code and this package's on-demand chunk, so esbuild would give it a
// chunk of its own, loaded at start.
export { composeGoogleDriveServer, type GoogleDriveEdges } from './compose.js';
export {
  DEFAULT_DRIVE_ROOT_URL,
  type GoogleDriveConfig,
  parseGoogleDriveConfig,
} from './config.js';
export type {
  DriveApi,
  DriveFile,
  DrivePage,
  FilePage,
  NewFile,
  SharedDrive,
} from './drive-api.js';
export { DRIVE_SCOPES, FILE_FIELDS, GoogleDrive, type GoogleDriveOptions } from './google-drive.js';
export { MIME_TYPES } from './schemas.js';
export {
  buildServer,
  GOOGLE_DRIVE_SERVER_NAME,
  GOOGLE_DRIVE_SERVER_VERSION,
  type GoogleDriveServerDeps,
} from './server.js';
export { searchQuery } from './tools/search-documents.js';
