import type { JiraIssue, JiraUser } from './state.js';

/** One JQL clause the stand-in understands. */
type Clause =
  | {
      readonly field: 'project' | 'issuetype' | 'status' | 'assignee' | 'reporter' | 'key';
      readonly value: string;
    }
  | { readonly field: 'labels'; readonly values: readonly string[] };

/** A JQL query the stand-in cannot read, answered as Jira does: 400 with the parser's message. */
export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

const VALUE = String.raw`"(?:[^"\\]|\\.)*"|[^\s()",]+`;
const EQUALS = new RegExp(String.raw`^(\w+)\s*=\s*(${VALUE})$`, 'i');
const IN_LIST = new RegExp(
  String.raw`^(\w+)\s+in\s*\(\s*((?:${VALUE})(?:\s*,\s*(?:${VALUE}))*)\s*\)$`,
  'i',
);

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

// Strips parentheses that wrap the whole text (not `(a) AND (b)`).
function stripParens(text: string): string {
  let value = text.trim();
  while (value.startsWith('(') && value.endsWith(')') && closingOf(value) === value.length - 1) {
    value = value.slice(1, -1).trim();
  }
  return value;
}

function closingOf(text: string): number {
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\' && quoted) index += 1;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

// Splits on a keyword (AND, OR) outside quotes and parentheses.
function splitOn(text: string, keyword: 'and' | 'or'): string[] {
  const parts: string[] = [];
  const pattern = new RegExp(`^\\s${keyword}\\s`, 'i');
  const width = keyword.length + 2;
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\' && quoted) index += 1;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth -= 1;
    else if (!quoted && depth === 0 && pattern.test(text.slice(index, index + width))) {
      parts.push(text.slice(start, index));
      start = index + width;
      index += width - 2;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** A parsed query: clauses joined by AND and OR, as written. */
export type JqlNode =
  | Clause
  | { readonly all: readonly JqlNode[] }
  | { readonly any: readonly JqlNode[] };

function parseNode(input: string): JqlNode {
  const text = stripParens(input);
  const alternatives = splitOn(text, 'or');
  if (alternatives.length > 1) return { any: alternatives.map(parseNode) };
  const parts = splitOn(text, 'and');
  if (parts.length > 1) return { all: parts.map(parseNode) };
  const equals = EQUALS.exec(text);
  const field = equals?.[1]?.toLowerCase();
  if (equals?.[2] && field) {
    const known = ['project', 'issuetype', 'status', 'assignee', 'reporter', 'key'] as const;
    const match = known.find((name) => name === field);
    if (!match) {
      throw new JqlError(
        `Field '${equals[1]}' does not exist or you do not have permission to view it.`,
      );
    }
    return { field: match, value: unquote(equals[2]) };
  }
  const list = IN_LIST.exec(text);
  if (list?.[1]?.toLowerCase() === 'labels' && list[2]) {
    const values = list[2].match(new RegExp(VALUE, 'g')) ?? [];
    return { field: 'labels', values: values.map(unquote) };
  }
  throw new JqlError(`Error in the JQL Query: the stand-in cannot read '${text}'.`);
}

/**
 * Parses the subset of JQL our clients send: `field = value` clauses over project, issuetype,
 * status, assignee, reporter and key, `labels in (…)`, joined by AND and OR with parentheses,
 * and an ORDER BY (accepted; results stay in creation order). Jira refuses unbounded queries.
 */
export function parseJql(jql: string): JqlNode {
  const withoutOrder = jql.replace(/\s*order\s+by\s+.*$/is, '').trim();
  if (withoutOrder === '') {
    throw new JqlError(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  }
  return parseNode(withoutOrder);
}

function sameUser(
  accountId: string | undefined,
  value: string,
  users: readonly JiraUser[],
): boolean {
  if (accountId === undefined) return value.toLowerCase() === 'empty';
  if (accountId === value) return true;
  const user = users.find((candidate) => candidate.accountId === accountId);
  const wanted = value.toLowerCase();
  return user?.emailAddress.toLowerCase() === wanted || user?.displayName.toLowerCase() === wanted;
}

/** Whether an issue satisfies the query. */
export function matchesJql(issue: JiraIssue, node: JqlNode, users: readonly JiraUser[]): boolean {
  if ('all' in node) return node.all.every((child) => matchesJql(issue, child, users));
  if ('any' in node) return node.any.some((child) => matchesJql(issue, child, users));
  return matchesClause(issue, node, users);
}

function matchesClause(issue: JiraIssue, clause: Clause, users: readonly JiraUser[]): boolean {
  switch (clause.field) {
    case 'labels':
      return clause.values.some((label) => issue.labels.includes(label));
    case 'project':
      return issue.projectKey.toLowerCase() === clause.value.toLowerCase();
    case 'key':
      return issue.key.toLowerCase() === clause.value.toLowerCase();
    case 'issuetype':
      return issue.issuetype.toLowerCase() === clause.value.toLowerCase();
    case 'status':
      return issue.status.toLowerCase() === clause.value.toLowerCase();
    case 'assignee':
      return sameUser(issue.assigneeAccountId, clause.value, users);
    default:
      return sameUser(issue.reporterAccountId, clause.value, users);
  }
}
