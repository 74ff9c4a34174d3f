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

function stripParens(text: string): string {
  let value = text.trim();
  while (value.startsWith('(') && value.endsWith(')')) value = value.slice(1, -1).trim();
  return value;
}

// Splits on AND outside quotes and parentheses.
function splitAnd(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\' && quoted) index += 1;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth -= 1;
    else if (!quoted && depth === 0 && /^\sand\s/i.test(text.slice(index, index + 5))) {
      parts.push(text.slice(start, index));
      start = index + 5;
      index += 3;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/**
 * Parses the subset of JQL our clients send: AND-joined `field = value` clauses over project,
 * issuetype, status, assignee, reporter and key, `labels in (…)`, optional parentheses and an
 * ORDER BY (accepted, results stay in creation order). Jira refuses unbounded queries.
 */
export function parseJql(jql: string): Clause[] {
  const withoutOrder = jql.replace(/\s*order\s+by\s+.*$/is, '').trim();
  if (withoutOrder === '') {
    throw new JqlError(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  }
  const clauses: Clause[] = [];
  const pending = [withoutOrder];
  while (pending.length > 0) {
    const text = stripParens(pending.shift() ?? '');
    const parts = splitAnd(text);
    if (parts.length > 1) {
      pending.push(...parts);
      continue;
    }
    const equals = EQUALS.exec(text);
    const field = equals?.[1]?.toLowerCase();
    if (equals?.[2] && field) {
      const known = ['project', 'issuetype', 'status', 'assignee', 'reporter', 'key'] as const;
      const match = known.find((name) => name === field);
      if (!match)
        throw new JqlError(
          `Field '${equals[1]}' does not exist or you do not have permission to view it.`,
        );
      clauses.push({ field: match, value: unquote(equals[2]) });
      continue;
    }
    const list = IN_LIST.exec(text);
    if (list?.[1]?.toLowerCase() === 'labels' && list[2]) {
      const values = list[2].match(new RegExp(VALUE, 'g')) ?? [];
      clauses.push({ field: 'labels', values: values.map(unquote) });
      continue;
    }
    throw new JqlError(`Error in the JQL Query: the stand-in cannot read '${text}'.`);
  }
  return clauses;
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

/** Whether an issue satisfies every clause. */
export function matchesJql(
  issue: JiraIssue,
  clauses: readonly Clause[],
  users: readonly JiraUser[],
): boolean {
  return clauses.every((clause) => {
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
  });
}
