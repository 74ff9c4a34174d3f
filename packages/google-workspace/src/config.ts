import * as z from 'zod';

/** Google's token endpoint; google-auth-library always posts here (see `ImpersonatedClients`). */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** An optional variable: blank counts as unset, a value is trimmed. */
export const OptionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const ConnectionEnvSchema = z
  .object({
    GOOGLE_SERVICE_ACCOUNT_KEY: OptionalText,
    GOOGLE_SERVICE_ACCOUNT_SECRET_ID: OptionalText,
    GOOGLE_TOKEN_URL: z.url().default(GOOGLE_TOKEN_URL),
    GOOGLE_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    GOOGLE_HTTP_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    AWS_REGION: OptionalText,
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

/** The settings every Google server reads alike: the key, the token URL, timeouts and retries. */
export interface GoogleConnectionConfig {
  readonly key: KeySourceConfig;
  readonly tokenUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

/**
 * Parses the environment with `schema` (a server's own variables) and the connection variables
 * every Google server shares; throws (fail fast at start) when either is inconsistent. Error
 * messages name variables, never their values, so the key cannot leak through them.
 */
export function parseGoogleEnv<T>(
  serverName: string,
  schema: z.ZodType<T>,
  env: Readonly<Record<string, string | undefined>>,
): { readonly connection: GoogleConnectionConfig; readonly values: T } {
  const own = schema.safeParse(env);
  const shared = ConnectionEnvSchema.safeParse(env);
  if (!own.success || !shared.success) {
    const issues = [...(own.error?.issues ?? []), ...(shared.error?.issues ?? [])];
    const problems = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid ${serverName} configuration: ${problems.join('; ')}`);
  }
  const parsed = shared.data;
  return {
    connection: {
      key:
        parsed.GOOGLE_SERVICE_ACCOUNT_KEY !== undefined
          ? { kind: 'env', json: parsed.GOOGLE_SERVICE_ACCOUNT_KEY }
          : {
              kind: 'secrets-manager',
              secretId: parsed.GOOGLE_SERVICE_ACCOUNT_SECRET_ID ?? '',
              region: parsed.AWS_REGION,
              endpoint: parsed.AWS_ENDPOINT_URL_SECRETS_MANAGER,
            },
      tokenUrl: parsed.GOOGLE_TOKEN_URL,
      timeoutMs: parsed.GOOGLE_HTTP_TIMEOUT_MS,
      maxRetries: parsed.GOOGLE_HTTP_MAX_RETRIES,
    },
    values: own.data,
  };
}
