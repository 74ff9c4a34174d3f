import {
  type GoogleConnectionConfig,
  OptionalText,
  parseGoogleEnv,
} from '@agentcore/google-workspace';
import * as z from 'zod';

export const DEFAULT_ROOT_URL = 'https://admin.googleapis.com/';
/** The seed's custom schema and field for AWS SAML roles (`Amazon.Role`). */
export const DEFAULT_ROLE_SCHEMA = 'Amazon';
export const DEFAULT_ROLE_FIELD = 'Role';

const EnvSchema = z.object({
  GOOGLE_ADMIN_SUBJECT: z.email({ error: 'GOOGLE_ADMIN_SUBJECT must be an email address' }),
  GOOGLE_CUSTOMER_ID: z.string().min(1).default('my_customer'),
  GOOGLE_DOMAIN: OptionalText,
  GOOGLE_ADMIN_ROOT_URL: z.url().default(DEFAULT_ROOT_URL),
  GOOGLE_AWS_ROLE_SCHEMA: z.string().min(1).default(DEFAULT_ROLE_SCHEMA),
  GOOGLE_AWS_ROLE_FIELD: z.string().min(1).default(DEFAULT_ROLE_FIELD),
});

/** The Google Admin server's settings, read once from the environment at start. */
export interface GoogleAdminConfig extends GoogleConnectionConfig {
  /** The super admin the service account impersonates (domain-wide delegation). */
  readonly subject: string;
  readonly customerId: string;
  /** The domain `list_users` lists when the caller names neither a domain nor a customer. */
  readonly domain: string | undefined;
  readonly rootUrl: string;
  readonly roleSchema: string;
  readonly roleField: string;
}

/**
 * Parses the environment; throws (fail fast at start) when it is inconsistent. Error messages
 * name variables, never their values, so the key cannot leak through them.
 */
export function parseGoogleAdminConfig(
  env: Readonly<Record<string, string | undefined>>,
): GoogleAdminConfig {
  const { connection, values } = parseGoogleEnv('Google Admin', EnvSchema, env);
  return {
    ...connection,
    subject: values.GOOGLE_ADMIN_SUBJECT,
    customerId: values.GOOGLE_CUSTOMER_ID,
    domain: values.GOOGLE_DOMAIN,
    rootUrl: values.GOOGLE_ADMIN_ROOT_URL,
    roleSchema: values.GOOGLE_AWS_ROLE_SCHEMA,
    roleField: values.GOOGLE_AWS_ROLE_FIELD,
  };
}
