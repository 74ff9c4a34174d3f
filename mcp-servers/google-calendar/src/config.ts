import { z } from 'zod';

export const DEFAULT_CALENDAR_ROOT_URL = 'https://www.googleapis.com/';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

const Optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const EnvSchema = z
  .object({
    GOOGLE_SERVICE_ACCOUNT_KEY: Optional,
    GOOGLE_SERVICE_ACCOUNT_SECRET_ID: Optional,
    GOOGLE_CALENDAR_ROOT_URL: z.url().default(DEFAULT_CALENDAR_ROOT_URL),
    GOOGLE_TOKEN_URL: z.url().default(GOOGLE_TOKEN_URL),
    GOOGLE_CALENDAR_ALLOWED_DOMAINS: Optional,
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
export type CalendarKeySource =
  | { readonly kind: 'env'; readonly json: string }
  | {
      readonly kind: 'secrets-manager';
      readonly secretId: string;
      readonly region: string | undefined;
      readonly endpoint: string | undefined;
    };

/** The Google Calendar server's settings, read once from the environment at start. */
export interface GoogleCalendarConfig {
  readonly key: CalendarKeySource;
  readonly rootUrl: string;
  readonly tokenUrl: string;
  /** Domains attendees may belong to, lower-cased; empty means any domain. */
  readonly allowedDomains: readonly string[];
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

/**
 * Whether the environment gives the Calendar server a service-account key source. It needs no
 * subject: every call impersonates the person who asked.
 */
export function isGoogleCalendarConfigured(
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  return set('GOOGLE_SERVICE_ACCOUNT_KEY') || set('GOOGLE_SERVICE_ACCOUNT_SECRET_ID');
}

/** Reads `GOOGLE_CALENDAR_ALLOWED_DOMAINS`: a comma list, trimmed and lower-cased. */
export function parseAllowedDomains(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
    .filter((domain) => domain !== '');
}

/**
 * Parses the environment; throws (fail fast at start) when it is inconsistent. Error messages
 * name variables, never their values, so the key cannot leak through them.
 */
export function parseGoogleCalendarConfig(
  env: Readonly<Record<string, string | undefined>>,
): GoogleCalendarConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid Google Calendar configuration: ${problems.join('; ')}`);
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
    rootUrl: parsed.GOOGLE_CALENDAR_ROOT_URL,
    tokenUrl: parsed.GOOGLE_TOKEN_URL,
    allowedDomains: parseAllowedDomains(parsed.GOOGLE_CALENDAR_ALLOWED_DOMAINS),
    timeoutMs: parsed.GOOGLE_HTTP_TIMEOUT_MS,
    maxRetries: parsed.GOOGLE_HTTP_MAX_RETRIES,
  };
}
