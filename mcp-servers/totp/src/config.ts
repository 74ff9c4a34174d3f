import * as z from 'zod';

const EnvSchema = z
  .object({
    TOTP_SECRET_SOURCE: z.enum(['secrets-manager', 'file', 'env']).default('secrets-manager'),
    TOTP_SECRETS_FILE: z.string().min(1).optional(),
    TOTP_SECRET_ENV_PREFIX: z.string().min(1).default('TOTP_SECRET_'),
    AWS_REGION: z.string().min(1).optional(),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: z.url().optional(),
    TOTP_SECRETS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
    TOTP_SECRETS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    TOTP_SECRETS_CACHE_TTL_MS: z.coerce.number().int().min(0).default(300_000),
  })
  .refine((env) => env.TOTP_SECRET_SOURCE !== 'file' || env.TOTP_SECRETS_FILE !== undefined, {
    message: 'TOTP_SECRETS_FILE is required when TOTP_SECRET_SOURCE is file',
    path: ['TOTP_SECRETS_FILE'],
  });

/** How the TOTP server finds its secrets, read once from the environment at start. */
export interface TotpConfig {
  readonly source: 'secrets-manager' | 'file' | 'env';
  readonly secretsFile: string | undefined;
  readonly envPrefix: string;
  readonly region: string | undefined;
  readonly secretsManagerEndpoint: string | undefined;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly cacheTtlMs: number;
}

/** Parses the environment; throws (fail fast at start) when it is inconsistent. */
export function parseTotpConfig(env: Readonly<Record<string, string | undefined>>): TotpConfig {
  const parsed = EnvSchema.parse(env);
  return {
    source: parsed.TOTP_SECRET_SOURCE,
    secretsFile: parsed.TOTP_SECRETS_FILE,
    envPrefix: parsed.TOTP_SECRET_ENV_PREFIX,
    region: parsed.AWS_REGION,
    secretsManagerEndpoint: parsed.AWS_ENDPOINT_URL_SECRETS_MANAGER,
    timeoutMs: parsed.TOTP_SECRETS_TIMEOUT_MS,
    maxAttempts: parsed.TOTP_SECRETS_MAX_ATTEMPTS,
    cacheTtlMs: parsed.TOTP_SECRETS_CACHE_TTL_MS,
  };
}
