import * as z from 'zod';
import { ROLE_ARN_PATTERN, SAML_PROVIDER_ARN_PATTERN } from './aws-roles.js';

const UserKeySchema = z
  .string({ error: 'user_key is required' })
  .trim()
  .min(1, 'user_key must not be empty')
  .describe("The user's primary email address, an alias, or the user id");

const UserKeyInput = { user_key: UserKeySchema };

export const ListUsersInputSchema = z.object({
  domain: z
    .string()
    .trim()
    .min(1, 'domain must not be empty')
    .optional()
    .describe('List the users of this domain; the configured domain or customer when absent'),
  customer: z
    .string()
    .trim()
    .min(1, 'customer must not be empty')
    .optional()
    .describe('List every user of this customer id (my_customer is your own account)'),
  max_results: z
    .number()
    .int('max_results must be a whole number')
    .min(1, 'max_results must be between 1 and 500')
    .max(500, 'max_results must be between 1 and 500')
    .default(10)
    .describe('Users per page (1-500)'),
  order_by: z
    .enum(['email', 'givenName', 'familyName'], {
      error: 'order_by must be one of email, givenName, familyName',
    })
    .default('email'),
  sort_order: z.enum(['ASCENDING', 'DESCENDING']).optional(),
  query: z
    .string()
    .trim()
    .min(1, 'query must not be empty')
    .optional()
    .describe('A Directory search, e.g. "email:ali*" or "isSuspended=true"'),
  page_token: z
    .string()
    .min(1, 'page_token must not be empty')
    .optional()
    .describe('next_page_token of the previous page'),
});
export type ListUsersInput = z.infer<typeof ListUsersInputSchema>;

export const UserSummarySchema = z.object({
  email: z.string(),
  name: z.string(),
  id: z.string(),
  suspended: z.boolean(),
  is_admin: z.boolean(),
  two_step_enrolled: z.boolean(),
});

export const ListUsersOutputSchema = z.object({
  users: z.array(UserSummarySchema),
  message: z.string().optional(),
  next_page_token: z.string().optional(),
});

export const GetUserInputSchema = z.object(UserKeyInput);

export const UserDetailsOutputSchema = z.object({
  email: z.string(),
  name: z.string(),
  id: z.string(),
  is_admin: z.boolean(),
  suspended: z.boolean(),
  last_login: z.string(),
  created: z.string(),
  org_unit: z.string(),
  aliases: z.array(z.string()),
  '2fa_enabled': z.boolean(),
  '2fa_enforced': z.boolean(),
  ip_whitelisted: z.boolean(),
  recovery_email: z.string(),
  recovery_phone: z.string(),
  suspension_reason: z.string(),
});

const NameSchema = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(60, `${field} must be at most 60 characters`);

export const AddUserInputSchema = z.object({
  primary_email: z.email({ error: 'primary_email must be a valid email address' }),
  first_name: NameSchema('first_name'),
  last_name: NameSchema('last_name'),
  org_unit_path: z
    .string()
    .regex(/^\//, 'org_unit_path must start with /')
    .optional()
    .describe('Organisational unit, e.g. /Engineering; the root when absent'),
});
export type AddUserInput = z.infer<typeof AddUserInputSchema>;

export const AddUserOutputSchema = z.object({
  message: z.string(),
  email: z.string(),
  name: z.string(),
  id: z.string(),
  change_password_at_next_login: z.boolean(),
  password: z.string().describe('How the first password reaches the user; never the password'),
});

export const SuspendInputSchema = z.object(UserKeyInput);

export const UserChangeOutputSchema = z.object({
  message: z.string(),
  email: z.string(),
  name: z.string(),
});

export const Reset2faInputSchema = z.object({
  email: z
    .string({ error: 'email is required' })
    .trim()
    .min(1, 'email must not be empty')
    .describe("The user's primary email address (an alias or the user id work too)"),
});

export const Reset2faOutputSchema = z.object({
  message: z.string(),
  email: z.string(),
  changed: z.boolean(),
  '2fa_enabled': z.boolean(),
});

export const AwsRoleSchema = z.object({
  account: z.string(),
  role: z.string(),
  saml_provider: z.string(),
});

export const GetAmazonRolesInputSchema = z.object(UserKeyInput);

export const AmazonRolesOutputSchema = z.object({
  email: z.string(),
  roles: z.array(AwsRoleSchema),
  has_roles: z.boolean(),
});

export const AmazonRoleChangeInputSchema = z.object({
  user_key: UserKeySchema,
  admin_role: z
    .string({ error: 'admin_role is required' })
    .trim()
    .regex(
      ROLE_ARN_PATTERN,
      'admin_role must be an IAM role ARN like arn:aws:iam::123456789012:role/Name (names: letters, digits and _+=,.@-)',
    )
    .describe('IAM role ARN, e.g. arn:aws:iam::123456789012:role/Developer'),
  identity_provider: z
    .string({ error: 'identity_provider is required' })
    .trim()
    .regex(
      SAML_PROVIDER_ARN_PATTERN,
      'identity_provider must be a SAML provider ARN like arn:aws:iam::123456789012:saml-provider/Name (names: letters, digits and ._-)',
    )
    .describe('SAML identity provider ARN, e.g. arn:aws:iam::123456789012:saml-provider/Google'),
});
export type AmazonRoleChangeInput = z.infer<typeof AmazonRoleChangeInputSchema>;

export const AmazonRoleChangeOutputSchema = z.object({
  message: z.string(),
  email: z.string(),
  changed: z.boolean(),
  roles: z.array(AwsRoleSchema),
});
