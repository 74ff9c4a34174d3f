import {
  type GoogleConnectionConfig,
  OptionalText,
  parseGoogleEnv,
} from '@agentcore/google-workspace';
import * as z from 'zod';

export const DEFAULT_DRIVE_ROOT_URL = 'https://www.googleapis.com/';

const EnvSchema = z.object({
  GOOGLE_DRIVE_ROOT_URL: z.url().default(DEFAULT_DRIVE_ROOT_URL),
  GOOGLE_DRIVE_CUSTOMER_FOLDER_ID: OptionalText,
});

/** The Google Drive server's settings, read once from the environment at start. */
export interface GoogleDriveConfig extends GoogleConnectionConfig {
  readonly rootUrl: string;
  /** The folder `list_customer_files` starts from (letter folders, then customer folders). */
  readonly customerFolderId: string | undefined;
}

/**
 * Parses the environment; throws (fail fast at start) when it is inconsistent. Error messages
 * name variables, never their values, so the key cannot leak through them.
 */
export function parseGoogleDriveConfig(
  env: Readonly<Record<string, string | undefined>>,
): GoogleDriveConfig {
  const { connection, values } = parseGoogleEnv('Google Drive', EnvSchema, env);
  return {
    ...connection,
    rootUrl: values.GOOGLE_DRIVE_ROOT_URL,
    customerFolderId: values.GOOGLE_DRIVE_CUSTOMER_FOLDER_ID,
  };
}
