import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';
import { DESTRUCTIVE_WRITE } from './annotations.js';
import { deleteMatching, deletionJql } from './delete-issues.js';

export const DeleteProjectIssuesInputSchema = z.object({
  projectKey: z.string().trim().min(1).max(20),
  jql: z.string().trim().max(4000).optional().describe('Further restricts the issues, ANDed'),
  issueType: z.string().trim().min(1).max(100).optional(),
  dryRun: z.boolean().default(true).describe('List what would be deleted; delete nothing'),
  maxIssues: z
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(1000)
    .describe('At most this many issues are deleted in one call'),
});

export const DeleteProjectIssuesOutputSchema = z.object({
  projectKey: z.string(),
  jql: z.string(),
  dryRun: z.boolean(),
  matched: z.number().int(),
  matchedKeys: z.array(z.string()),
  /** More issues match than maxIssues; call again to continue. */
  truncated: z.boolean(),
  deleted: z.array(z.string()),
  errors: z.array(z.object({ key: z.string(), message: z.string() })),
});

export function registerDeleteProjectIssues(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'delete_project_issues',
    {
      title: 'Delete Jira issues of a project',
      description:
        'Deletes the issues of a Jira project (optionally only one issue type or those matching extra JQL). dryRun (the default) lists them and deletes nothing.',
      inputSchema: DeleteProjectIssuesInputSchema,
      outputSchema: DeleteProjectIssuesOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input) =>
      runTool(JiraError, async () => {
        const projectKey = input.projectKey.toUpperCase();
        const jql = deletionJql(projectKey, input.issueType, input.jql);
        const outcome = await deleteMatching(jira, jql, {
          projectKey,
          dryRun: input.dryRun,
          limit: input.maxIssues,
        });
        return toolResult({
          projectKey,
          jql,
          dryRun: input.dryRun,
          matched: outcome.matched.length,
          matchedKeys: outcome.matched,
          truncated: outcome.truncated,
          deleted: outcome.deleted,
          errors: outcome.errors,
        });
      }),
  );
}
