import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';
import { jqlString } from '../jql.js';

/** The seed's selection: `project = KEY [AND issuetype = "T"] [AND (<jql>)]`. */
export function deletionJql(projectKey: string, issueType?: string, jql?: string): string {
  const clauses = [`project = ${jqlString(projectKey)}`];
  if (issueType) clauses.push(`issuetype = ${jqlString(issueType)}`);
  if (jql?.trim()) clauses.push(`(${jql.trim()})`);
  return clauses.join(' AND ');
}

/**
 * Collects every matching key first (token pagination over a result set that does not change
 * while it is read), then deletes them one by one; so no issue is skipped, a dry run deletes
 * nothing, and nothing outside the project is touched.
 */
export async function deleteMatching(
  jira: JiraClient,
  jql: string,
  options: { projectKey: string; dryRun: boolean; limit: number },
): Promise<{
  matched: string[];
  truncated: boolean;
  deleted: string[];
  errors: { key: string; message: string }[];
}> {
  const found = await jira.searchAll(jql, ['key'], options.limit + 1);
  const truncated = found.length > options.limit;
  const deleted: string[] = [];
  const errors: { key: string; message: string }[] = [];
  // Extra JQL could widen the query (`x) OR (project = OTHER`): only the project's own issues
  // are ever deleted, whatever the search returned.
  const prefix = `${options.projectKey.toUpperCase()}-`;
  const matched: string[] = [];
  for (const { key } of found.slice(0, options.limit)) {
    if (key.toUpperCase().startsWith(prefix)) matched.push(key);
    else errors.push({ key, message: `not in project ${options.projectKey}; left alone` });
  }
  if (!options.dryRun) {
    for (const key of matched) {
      try {
        await jira.deleteIssue(key);
        deleted.push(key);
      } catch (error) {
        if (!(error instanceof JiraError)) throw error;
        errors.push({ key, message: error.message });
      }
    }
  }
  return { matched, truncated, deleted, errors };
}
