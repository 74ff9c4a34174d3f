import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient, JiraProject } from '../client.js';
import { JiraError } from '../errors.js';
import { READ_ONLY } from './annotations.js';

export const LookupProjectKeyInputSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(255).describe('Project name or key'),
  maxResults: z.number().int().min(1).max(100).default(50),
});

export const LookupProjectKeyOutputSchema = z.object({
  found: z.boolean(),
  projectKey: z.string().optional(),
  projectId: z.string().optional(),
  name: z.string().optional(),
  reason: z.enum(['no_projects_visible', 'no_match']).optional(),
});

/**
 * The seed's best match: exact key, then exact name (case-insensitive), then a name starting
 * with, then containing the text. Unlike the seed, no match is no match (not the first project).
 */
export function bestProjectMatch(
  projects: readonly JiraProject[],
  text: string,
): JiraProject | undefined {
  const wanted = text.trim().toLowerCase();
  const name = (project: JiraProject) => project.name.toLowerCase();
  return (
    projects.find((project) => project.key.toLowerCase() === wanted) ??
    projects.find((project) => name(project) === wanted) ??
    projects.find((project) => name(project).startsWith(wanted)) ??
    projects.find((project) => name(project).includes(wanted))
  );
}

export function registerLookupProjectKey(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'lookup_project_key',
    {
      title: 'Look up a Jira project key',
      description: 'Finds the key and id of the Jira project with the given name (or key).',
      inputSchema: LookupProjectKeyInputSchema,
      outputSchema: LookupProjectKeyOutputSchema,
      annotations: READ_ONLY,
    },
    (input) =>
      runTool(JiraError, async () => {
        let projects: JiraProject[];
        try {
          projects = await jira.searchProjects(input.name, input.maxResults);
          if (projects.length === 0) projects = await jira.listProjects();
        } catch (error) {
          // Older sites lack /project/search; the full list answers the same question.
          if (!(error instanceof JiraError) || error.code !== 'not_found') throw error;
          projects = await jira.listProjects();
        }
        if (projects.length === 0)
          return toolResult({ found: false, reason: 'no_projects_visible' });
        const match = bestProjectMatch(projects, input.name);
        if (!match) return toolResult({ found: false, reason: 'no_match' });
        return toolResult({
          found: true,
          projectKey: match.key,
          projectId: match.id,
          name: match.name,
        });
      }),
  );
}
