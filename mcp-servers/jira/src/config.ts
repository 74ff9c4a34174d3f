import * as z from 'zod';

const Optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const EnvSchema = z
  .object({
    JIRA_BASE_URL: z.url(),
    JIRA_EMAIL: z.email(),
    /** The token itself: the local runtime's and tests' way. */
    JIRA_API_TOKEN: Optional,
    /** The Secrets Manager secret holding the token: a deployment's way (never in its config). */
    JIRA_API_TOKEN_SECRET_ID: Optional,
    JIRA_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    JIRA_HTTP_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(3),
    JIRA_MAX_RETRY_AFTER_MS: z.coerce.number().int().min(0).default(30_000),
    AWS_REGION: Optional,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: z.url().optional(),
  })
  .refine(
    (env) => (env.JIRA_API_TOKEN === undefined) !== (env.JIRA_API_TOKEN_SECRET_ID === undefined),
    // The path names both settings in the message, which lists paths only (never values).
    { path: ['JIRA_API_TOKEN or JIRA_API_TOKEN_SECRET_ID (exactly one)'] },
  );

/** Where the API token comes from. */
export type JiraTokenSource =
  | { readonly kind: 'env'; readonly token: string }
  | {
      readonly kind: 'secrets-manager';
      readonly secretId: string;
      readonly region: string | undefined;
      readonly endpoint: string | undefined;
    };

/** The Jira server's settings, read once from the environment at start. */
export interface JiraConfig {
  /** The site, e.g. https://example.atlassian.net, without a trailing slash. */
  readonly baseUrl: string;
  readonly email: string;
  readonly token: JiraTokenSource;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
}

/** Parses the environment; throws (fail fast at start) on missing or malformed values. */
export function parseJiraConfig(env: Readonly<Record<string, string | undefined>>): JiraConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Name the settings only: a value could be the token.
    const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    throw new Error(`Jira configuration is missing or invalid: ${names.join(', ')}`);
  }
  return {
    baseUrl: parsed.data.JIRA_BASE_URL.replace(/\/+$/, ''),
    email: parsed.data.JIRA_EMAIL,
    token: parsed.data.JIRA_API_TOKEN_SECRET_ID
      ? {
          kind: 'secrets-manager',
          secretId: parsed.data.JIRA_API_TOKEN_SECRET_ID,
          region: parsed.data.AWS_REGION,
          endpoint: parsed.data.AWS_ENDPOINT_URL_SECRETS_MANAGER,
        }
      : { kind: 'env', token: parsed.data.JIRA_API_TOKEN ?? '' },
    timeoutMs: parsed.data.JIRA_HTTP_TIMEOUT_MS,
    maxRetries: parsed.data.JIRA_HTTP_MAX_RETRIES,
    maxRetryAfterMs: parsed.data.JIRA_MAX_RETRY_AFTER_MS,
  };
}
