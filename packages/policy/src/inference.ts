import type { ApprovalCategory } from '@agentcore/core';

/** What a request's text suggests when the agent gave no category, resource or tools. */
export interface InferredAction {
  category: ApprovalCategory;
  /** Qualified tool names; empty when nothing was recognised (never a wildcard). */
  intendedTools: string[];
  /** The IAM role ARN or the email address the text names, when it names one. */
  resource?: string;
  /** Which rule matched, for explanations and tests. */
  rule: string;
}

export interface InferenceOptions {
  /** The alias of the Google Admin MCP server; the seed's usual `google_admin` by default. */
  googleAdminAlias?: string;
}

const ROLE_ARN = /arn:aws:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

// Whole words with their inflections: the seed's `\b(grant)|(add)` also matched "address".
const words = (...stems: string[]) => new RegExp(`\\b(?:${stems.join('|')})\\b`, 'i');
const AWS = words('aws');
const GRANT = words('grant(?:s|ed|ing)?', 'add(?:s|ed|ing)?');
const REVOKE = words('revok(?:e|es|ed|ing)', 'remov(?:e|es|ed|ing|al)');
const READ = words(
  'list(?:s|ed|ing)?',
  'get(?:s|ting)?',
  'describ(?:e|es|ed|ing)',
  'look(?:s|ed|ing)?[ -]?up',
  'lookup',
  'show(?:s|ed|ing)?',
);
const GOOGLE = words('google');
const ACCOUNT_NOUN = words('workspace', 'admin', 'users?', 'accounts?');
const SUSPEND = words('suspend(?:s|ed|ing)?', 'disabl(?:e|es|ed|ing)', 'terminat(?:e|es|ed|ing)');
const UNSUSPEND = words(
  'unsuspend(?:s|ed|ing)?',
  'enabl(?:e|es|ed|ing)',
  'restor(?:e|es|ed|ing)',
  'resum(?:e|es|ed|ing)',
  're-?activat(?:e|es|ed|ing)',
);
const RESET_2FA =
  /\breset\b.*\b(?:2fa|2-step|two[- ]factor|mfa)\b|\b(?:2fa|2-step|two[- ]factor|mfa)\b.*\breset\b/i;
const CREATE = words('add(?:s|ed|ing)?', 'creat(?:e|es|ed|ing)');
const GET = words(
  'get(?:s|ting)?',
  'describ(?:e|es|ed|ing)',
  'look(?:s|ed|ing)?[ -]?up',
  'lookup',
  'show(?:s|ed|ing)?',
);
const LIST = words('list(?:s|ed|ing)?');

function withResource(inferred: InferredAction, resource: string | undefined): InferredAction {
  return resource === undefined ? inferred : { ...inferred, resource };
}

function awsRoles(text: string, alias: string): InferredAction | undefined {
  const arn = ROLE_ARN.exec(text)?.[0];
  if (arn === undefined && !AWS.test(text)) return undefined;
  const tool = (name: string) => `${alias}__${name}`;
  const grant = GRANT.test(text);
  const revoke = REVOKE.test(text);
  if (grant || revoke) {
    // The current roles are read first so a grant that exists already is not repeated.
    const tools = [tool('get_amazon_roles')];
    if (grant) tools.push(tool('add_amazon_role'));
    if (revoke) tools.push(tool('remove_amazon_role'));
    const rule = grant && revoke ? 'aws-role-change' : grant ? 'aws-role-grant' : 'aws-role-revoke';
    return withResource({ category: 'aws_role_access', intendedTools: tools, rule }, arn);
  }
  if (READ.test(text)) {
    return withResource(
      { category: 'other', intendedTools: [tool('get_amazon_roles')], rule: 'aws-role-read' },
      arn,
    );
  }
  return undefined;
}

function googleAccounts(text: string, alias: string): InferredAction | undefined {
  if (!GOOGLE.test(text) || !ACCOUNT_NOUN.test(text)) return undefined;
  const email = EMAIL.exec(text)?.[0];
  const infer = (category: ApprovalCategory, name: string, rule: string) =>
    withResource({ category, intendedTools: [`${alias}__${name}`], rule }, email);
  if (SUSPEND.test(text)) return infer('user_account_access', 'suspend_user', 'google-suspend');
  if (UNSUSPEND.test(text))
    return infer('user_account_access', 'unsuspend_user', 'google-unsuspend');
  if (RESET_2FA.test(text)) return infer('user_account_access', 'reset_2fa', 'google-reset-2fa');
  if (CREATE.test(text)) return infer('user_account_access', 'add_user', 'google-add-user');
  if (GET.test(text)) return infer('other', 'get_user', 'google-get-user');
  if (LIST.test(text)) return infer('other', 'list_users', 'google-list-users');
  return undefined;
}

/**
 * The seed's fallback inference (AWS role ARNs and grant/revoke wording, Google account verbs),
 * with its defects fixed: whole words only, `disable`/`terminate` really mean suspend, the ARN
 * or email becomes the resource, and an unrecognised request gets no tools instead of all.
 */
export function inferAction(text: string, options: InferenceOptions = {}): InferredAction {
  const alias = options.googleAdminAlias ?? 'google_admin';
  return (
    awsRoles(text, alias) ??
    googleAccounts(text, alias) ?? { category: 'other', intendedTools: [], rule: 'none' }
  );
}
