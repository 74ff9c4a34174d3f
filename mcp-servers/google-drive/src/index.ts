export { composeGoogleDriveServer, type GoogleDriveEdges } from './compose.js';
export {
  DEFAULT_DRIVE_ROOT_URL,
  type GoogleDriveConfig,
  parseGoogleDriveConfig,
} from './config.js';
export { isGoogleDriveConfigured } from './configured.js';
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
