import { z } from 'zod';

export const DEFAULT_DRIVE_ROOT_URL = 'https://www.googleapis.com/';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

const Optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const EnvSchema = z
  .object({
    GOOGLE_SERVICE_ACCOUNT_KEY: Optional,
    GOOGLE_SERVICE_ACCOUNT_SECRET_ID: Optional,
    GOOGLE_DRIVE_ROOT_URL: z.url().default(DEFAULT_DRIVE_ROOT_URL),
    GOOGLE_TOKEN_URL: z.url().default(GOOGLE_TOKEN_URL),
    GOOGLE_DRIVE_CUSTOMER_FOLDER_ID: Optional,
    GOOGLE_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    GOOGLE_HTTP_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    AWS_REGION: Optional,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: z.url().optional(),
  })
  .refine(
    (env) =>
      (env.GOOGLE_SERVICE_ACCOUNT_KEY === undefined) !==
      (env.GOOGLE_SERVICE_ACCOUNT_SECRET_ID === undefined),
    {
      message: 'set exactly one of GOOGLE_SERVICE_ACCOUNT_KEY and GOOGLE_SERVICE_ACCOUNT_SECRET_ID',
      path: ['GOOGLE_SERVICE_ACCOUNT_KEY'],
    },
  );

/** Where the service-account key comes from: the environment or a Secrets Manager secret. */
export type DriveKeySource =
  | { readonly kind: 'env'; readonly json: string }
  | {
      readonly kind: 'secrets-manager';
      readonly secretId: string;
      readonly region: string | undefined;
      readonly endpoint: string | undefined;
    };

/** The Google Drive server's settings, read once from the environment at start. */
export interface GoogleDriveConfig {
  readonly key: DriveKeySource;
  readonly rootUrl: string;
  readonly tokenUrl: string;
  /** The folder `list_customer_files` starts from (letter folders, then customer folders). */
  readonly customerFolderId: string | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

/**
 * Whether the environment turns the Drive server on: it is optional, since its scope reaches
 * every user's files. It needs `GOOGLE_DRIVE_ENABLED=true` and a service-account key source.
 */
export function isGoogleDriveConfigured(
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  return (
    env.GOOGLE_DRIVE_ENABLED?.trim().toLowerCase() === 'true' &&
    (set('GOOGLE_SERVICE_ACCOUNT_KEY') || set('GOOGLE_SERVICE_ACCOUNT_SECRET_ID'))
  );
}

/**
 * Parses the environment; throws (fail fast at start) when it is inconsistent. Error messages
 * name variables, never their values, so the key cannot leak through them.
 */
export function parseGoogleDriveConfig(
  env: Readonly<Record<string, string | undefined>>,
): GoogleDriveConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid Google Drive configuration: ${problems.join('; ')}`);
  }
  const parsed = result.data;
  return {
    key:
      parsed.GOOGLE_SERVICE_ACCOUNT_KEY !== undefined
        ? { kind: 'env', json: parsed.GOOGLE_SERVICE_ACCOUNT_KEY }
        : {
            kind: 'secrets-manager',
            secretId: parsed.GOOGLE_SERVICE_ACCOUNT_SECRET_ID ?? '',
            region: parsed.AWS_REGION,
            endpoint: parsed.AWS_ENDPOINT_URL_SECRETS_MANAGER,
          },
    rootUrl: parsed.GOOGLE_DRIVE_ROOT_URL,
    tokenUrl: parsed.GOOGLE_TOKEN_URL,
    customerFolderId: parsed.GOOGLE_DRIVE_CUSTOMER_FOLDER_ID,
    timeoutMs: parsed.GOOGLE_HTTP_TIMEOUT_MS,
    maxRetries: parsed.GOOGLE_HTTP_MAX_RETRIES,
  };
}
