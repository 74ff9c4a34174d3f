/**
 * IAM names: roles take letters, digits and `_+=,.@-` (up to 64 characters) under an optional
 * path of the same characters; SAML providers take letters, digits and `._-` (up to 128).
 */
const PARTITION = '(?:aws|aws-cn|aws-us-gov)';
const ROLE_NAME = '[\\w+=,.@-]{1,64}';
const ROLE_PATH = '(?:[\\w+=,.@-]+/)*';
const PROVIDER_NAME = '[\\w.-]{1,128}';
const ROLE_ARN = `arn:${PARTITION}:iam::(\\d{12}):role/${ROLE_PATH}${ROLE_NAME}`;
const PROVIDER_ARN = `arn:${PARTITION}:iam::(\\d{12}):saml-provider/${PROVIDER_NAME}`;

export const ROLE_ARN_PATTERN = new RegExp(`^${ROLE_ARN}$`);
export const SAML_PROVIDER_ARN_PATTERN = new RegExp(`^${PROVIDER_ARN}$`);
// A stored value is "role,provider" (the convention) or "provider,role" (AWS accepts both).
// Role names may hold commas and provider names may not, so the split is unambiguous.
const ROLE_FIRST = new RegExp(`^(${ROLE_ARN}),(${PROVIDER_ARN})$`);
const PROVIDER_FIRST = new RegExp(`^(${PROVIDER_ARN}),(${ROLE_ARN})$`);

/** One AWS SAML role of a user: the account, the role ARN and the identity provider ARN. */
export interface AwsRole {
  readonly account: string;
  readonly role: string;
  readonly saml_provider: string;
}

/** The account of an IAM role or SAML provider ARN, when it is one. */
export function accountOf(arn: string): string | undefined {
  return ROLE_ARN_PATTERN.exec(arn)?.[1] ?? SAML_PROVIDER_ARN_PATTERN.exec(arn)?.[1];
}

/** The stored custom-schema value of a role: role ARN first, then the provider ARN. */
export function roleValue(role: string, samlProvider: string): string {
  return `${role},${samlProvider}`;
}

/** Reads a stored value; undefined when it is not a role and provider pair. */
export function parseRoleValue(value: string): AwsRole | undefined {
  const trimmed = value.trim();
  const roleFirst = ROLE_FIRST.exec(trimmed);
  if (roleFirst?.[1] && roleFirst[2] && roleFirst[3]) {
    return { account: roleFirst[2], role: roleFirst[1], saml_provider: roleFirst[3] };
  }
  const providerFirst = PROVIDER_FIRST.exec(trimmed);
  if (providerFirst?.[1] && providerFirst[3] && providerFirst[4]) {
    return { account: providerFirst[4], role: providerFirst[3], saml_provider: providerFirst[1] };
  }
  return undefined;
}
