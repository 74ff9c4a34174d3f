import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';

/**
 * The account id of exactly this email; otherwise a tool error `<failure>: <email>` (the seed's
 * wording, e.g. "Could not resolve lead account id from email").
 */
export async function resolveEmail(
  jira: JiraClient,
  email: string,
  failure: string,
): Promise<string> {
  const accountId = await jira.accountIdForEmail(email);
  if (accountId === undefined) throw new JiraError('not_found', `${failure}: ${email}`);
  return accountId;
}
