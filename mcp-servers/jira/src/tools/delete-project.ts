import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';
import { DESTRUCTIVE_WRITE } from './annotations.js';
import { deleteMatching, deletionJql } from './delete-issues.js';

const MAX_ISSUES = 5000;

export const DeleteProjectInputSchema = z.object({
  projectKey: z.string().trim().min(1).max(20),
  dryRun: z.boolean().default(true).describe('Check and count only; delete nothing'),
  forceDelete: z
    .boolean()
    .default(false)
    .describe('Delete the project even when some of its issues could not be deleted first'),
});

export const DeleteProjectOutputSchema = z.object({
  projectKey: z.string(),
  projectName: z.string(),
  projectDeleted: z.boolean(),
  issueCount: z.number().int(),
  issuesDeleted: z.number().int(),
  dryRun: z.boolean(),
  forceDelete: z.boolean(),
});

export function registerDeleteProject(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'delete_project',
    {
      title: 'Delete a Jira project',
      description:
        'Deletes a Jira project and its issues. dryRun (the default) checks the project exists and counts its issues, deleting nothing.',
      inputSchema: DeleteProjectInputSchema,
      outputSchema: DeleteProjectOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input) =>
      runTool(JiraError, async () => {
        const projectKey = input.projectKey.toUpperCase();
        let project: Awaited<ReturnType<JiraClient['getProject']>>;
        try {
          project = await jira.getProject(projectKey);
        } catch (error) {
          if (!(error instanceof JiraError)) throw error;
          throw new JiraError(error.code, `Failed to verify project existence: ${error.message}`, {
            status: error.status,
          });
        }
        const issues = await deleteMatching(jira, deletionJql(project.key), {
          projectKey: project.key,
          dryRun: input.dryRun,
          limit: MAX_ISSUES,
        });
        const issueCount = issues.matched.length;
        if (input.dryRun) {
          return toolResult({
            projectKey: project.key,
            projectName: project.name,
            projectDeleted: false,
            issueCount,
            issuesDeleted: 0,
            dryRun: true,
            forceDelete: input.forceDelete,
          });
        }
        const first = issues.errors[0];
        if (first && !input.forceDelete) {
          throw new JiraError(
            'rejected',
            `Failed to delete project issues: ${issues.errors.length} of ${issueCount} could not be deleted (${first.key}: ${first.message}). Use forceDelete=true to override.`,
          );
        }
        await jira.deleteProject(project.key);
        return toolResult({
          projectKey: project.key,
          projectName: project.name,
          projectDeleted: true,
          issueCount,
          issuesDeleted: issues.deleted.length,
          dryRun: false,
          forceDelete: input.forceDelete,
        });
      }),
  );
}
