import { z } from 'zod';

export const DEFAULT_ROOT_URL = 'https://admin.googleapis.com/';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** The seed's custom schema and field for AWS SAML roles (`Amazon.Role`). */
export const DEFAULT_ROLE_SCHEMA = 'Amazon';
export const DEFAULT_ROLE_FIELD = 'Role';

const Optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const EnvSchema = z
  .object({
    GOOGLE_ADMIN_SUBJECT: z.email({ error: 'GOOGLE_ADMIN_SUBJECT must be an email address' }),
    GOOGLE_SERVICE_ACCOUNT_KEY: Optional,
    GOOGLE_SERVICE_ACCOUNT_SECRET_ID: Optional,
    GOOGLE_CUSTOMER_ID: z.string().min(1).default('my_customer'),
    GOOGLE_DOMAIN: Optional,
    GOOGLE_ADMIN_ROOT_URL: z.url().default(DEFAULT_ROOT_URL),
    GOOGLE_TOKEN_URL: z.url().default(GOOGLE_TOKEN_URL),
    GOOGLE_AWS_ROLE_SCHEMA: z.string().min(1).default(DEFAULT_ROLE_SCHEMA),
    GOOGLE_AWS_ROLE_FIELD: z.string().min(1).default(DEFAULT_ROLE_FIELD),
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
export type KeySourceConfig =
  | { readonly kind: 'env'; readonly json: string }
  | {
      readonly kind: 'secrets-manager';
      readonly secretId: string;
      readonly region: string | undefined;
      readonly endpoint: string | undefined;
    };

/** The Google Admin server's settings, read once from the environment at start. */
export interface GoogleAdminConfig {
  /** The super admin the service account impersonates (domain-wide delegation). */
  readonly subject: string;
  readonly key: KeySourceConfig;
  readonly customerId: string;
  /** The domain `list_users` lists when the caller names neither a domain nor a customer. */
  readonly domain: string | undefined;
  readonly rootUrl: string;
  readonly tokenUrl: string;
  readonly roleSchema: string;
  readonly roleField: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

/**
 * Whether the environment configures the Google Admin server at all (an admin subject and a
 * key source); the registry offers the server only then.
 */
export function isGoogleAdminConfigured(
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  return (
    set('GOOGLE_ADMIN_SUBJECT') &&
    (set('GOOGLE_SERVICE_ACCOUNT_KEY') || set('GOOGLE_SERVICE_ACCOUNT_SECRET_ID'))
  );
}

/**
 * Parses the environment; throws (fail fast at start) when it is inconsistent. Error messages
 * name variables, never their values, so the key cannot leak through them.
 */
export function parseGoogleAdminConfig(
  env: Readonly<Record<string, string | undefined>>,
): GoogleAdminConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid Google Admin configuration: ${problems.join('; ')}`);
  }
  const parsed = result.data;
  return {
    subject: parsed.GOOGLE_ADMIN_SUBJECT,
    key:
      parsed.GOOGLE_SERVICE_ACCOUNT_KEY !== undefined
        ? { kind: 'env', json: parsed.GOOGLE_SERVICE_ACCOUNT_KEY }
        : {
            kind: 'secrets-manager',
            secretId: parsed.GOOGLE_SERVICE_ACCOUNT_SECRET_ID ?? '',
            region: parsed.AWS_REGION,
            endpoint: parsed.AWS_ENDPOINT_URL_SECRETS_MANAGER,
          },
    customerId: parsed.GOOGLE_CUSTOMER_ID,
    domain: parsed.GOOGLE_DOMAIN,
    rootUrl: parsed.GOOGLE_ADMIN_ROOT_URL,
    tokenUrl: parsed.GOOGLE_TOKEN_URL,
    roleSchema: parsed.GOOGLE_AWS_ROLE_SCHEMA,
    roleField: parsed.GOOGLE_AWS_ROLE_FIELD,
    timeoutMs: parsed.GOOGLE_HTTP_TIMEOUT_MS,
    maxRetries: parsed.GOOGLE_HTTP_MAX_RETRIES,
  };
}
