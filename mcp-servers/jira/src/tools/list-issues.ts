import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient, JiraIssue } from '../client.js';
import { JiraError } from '../errors.js';
import { buildJql } from '../jql.js';
import { resolveEmail } from './accounts.js';
import { READ_ONLY } from './annotations.js';

export const DEFAULT_ISSUE_FIELDS = [
  'summary',
  'status',
  'issuetype',
  'assignee',
  'reporter',
  'priority',
  'created',
  'updated',
] as const;

export const ListIssuesInputSchema = z.object({
  jql: z.string().max(4000).optional().describe('Raw JQL; wins over the filters below'),
  projectKey: z.string().trim().min(1).max(20).optional(),
  issueType: z.string().trim().min(1).max(100).optional(),
  status: z.string().trim().min(1).max(100).optional(),
  assigneeEmail: z.email().optional(),
  reporterEmail: z.email().optional(),
  labels: z.array(z.string().trim().min(1).max(255)).max(20).optional(),
  fields: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .max(50)
    .default([...DEFAULT_ISSUE_FIELDS]),
  maxResults: z.number().int().min(1).max(100).default(50),
  nextPageToken: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .describe('The nextPageToken of the previous page, to read the next one'),
  orderBy: z.string().max(200).optional().describe('e.g. "created DESC", or "-created"'),
});
export type ListIssuesInput = z.infer<typeof ListIssuesInputSchema>;

export const IssueEntrySchema = z.object({ id: z.string(), key: z.string() }).catchall(z.unknown());

export const ListIssuesOutputSchema = z.object({
  jql: z.string(),
  maxResults: z.number().int(),
  count: z.number().int(),
  issues: z.array(IssueEntrySchema),
  nextPageToken: z.string().optional(),
  isLast: z.boolean(),
});

function nameOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const name = Reflect.get(value, 'name');
  return typeof name === 'string' ? name : value;
}

function personOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value ?? null;
  const email = Reflect.get(value, 'emailAddress');
  const display = Reflect.get(value, 'displayName');
  return typeof email === 'string' && email !== '' ? email : (display ?? null);
}

/** The seed's flattening: names for status/type/priority, email (else name) for people. */
export function flattenIssue(issue: JiraIssue): z.infer<typeof IssueEntrySchema> {
  const flat: Record<string, unknown> = { id: issue.id, key: issue.key };
  for (const [field, value] of Object.entries(issue.fields)) {
    if (field === 'status' || field === 'issuetype' || field === 'priority') {
      flat[field] = nameOf(value);
    } else if (field === 'assignee' || field === 'reporter') flat[field] = personOf(value);
    else flat[field] = value;
  }
  return { ...flat, id: issue.id, key: issue.key };
}

export function registerListIssues(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'list_issues',
    {
      title: 'List Jira issues',
      description:
        'Lists Jira issues matching a JQL query or filters (project, type, status, assignee, reporter, labels), one page at a time; pass nextPageToken to read the next page.',
      inputSchema: ListIssuesInputSchema,
      outputSchema: ListIssuesOutputSchema,
      annotations: READ_ONLY,
    },
    (input) =>
      runTool(JiraError, async () => {
        const assignee = input.assigneeEmail
          ? await resolveEmail(
              jira,
              input.assigneeEmail,
              'Could not resolve assignee account id from email',
            )
          : undefined;
        const reporter = input.reporterEmail
          ? await resolveEmail(
              jira,
              input.reporterEmail,
              'Could not resolve reporter account id from email',
            )
          : undefined;
        const jql = buildJql({ ...input, assignee, reporter });
        const page = await jira.searchJql({
          jql,
          fields: input.fields,
          maxResults: input.maxResults,
          nextPageToken: input.nextPageToken,
        });
        const next = page.nextPageToken ?? undefined;
        return toolResult({
          jql,
          maxResults: input.maxResults,
          count: page.issues.length,
          issues: page.issues.map(flattenIssue),
          ...(next ? { nextPageToken: next } : {}),
          isLast: next === undefined,
        });
      }),
  );
}
