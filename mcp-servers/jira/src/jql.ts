/** The filters of `list_issues`, turned into JQL when no raw `jql` is given. */
export interface JqlFilters {
  readonly jql?: string | undefined;
  readonly projectKey?: string | undefined;
  readonly issueType?: string | undefined;
  readonly status?: string | undefined;
  readonly assignee?: string | undefined;
  readonly reporter?: string | undefined;
  readonly labels?: readonly string[] | undefined;
  readonly orderBy?: string | undefined;
}

/** A JQL string literal: backslashes and double quotes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// The seed's shorthand: `-field` (no spaces) means `field DESC`.
function orderClause(orderBy: string | undefined): string {
  const value = orderBy?.trim();
  if (!value) return '';
  const shorthand = /^-(\S+)$/.exec(value);
  return ` ORDER BY ${shorthand ? `${shorthand[1]} DESC` : value}`;
}

/**
 * The seed's JQL builder: a raw `jql` (trimmed) wins; else the filters AND-joined with their
 * values quoted; `orderBy` appended. Empty → `order by created DESC` (which Jira refuses as
 * unbounded on /search/jql, so tools require a filter).
 */
export function buildJql(filters: JqlFilters): string {
  const raw = filters.jql?.trim();
  if (raw) return `${raw}${orderClause(filters.orderBy)}`;
  const clauses: string[] = [];
  if (filters.projectKey) clauses.push(`project = ${jqlString(filters.projectKey)}`);
  if (filters.issueType) clauses.push(`issuetype = ${jqlString(filters.issueType)}`);
  if (filters.status) clauses.push(`status = ${jqlString(filters.status)}`);
  if (filters.assignee) clauses.push(`assignee = ${jqlString(filters.assignee)}`);
  if (filters.reporter) clauses.push(`reporter = ${jqlString(filters.reporter)}`);
  if (filters.labels && filters.labels.length > 0) {
    clauses.push(`labels in (${filters.labels.map(jqlString).join(', ')})`);
  }
  if (clauses.length === 0) return `order by created DESC`;
  return `${clauses.join(' AND ')}${orderClause(filters.orderBy)}`;
}
