import { readRequestMeta, runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';
import { resolveEmail } from './accounts.js';
import { READ_ONLY } from './annotations.js';

export const ListProjectsForUserInputSchema = z.object({
  email: z.email().optional().describe("Whose projects; the requester's when absent"),
  maxProjects: z
    .number()
    .int()
    .min(1)
    .max(500)
    .default(200)
    .describe('How many of the visible projects to check'),
});

export const ListProjectsForUserOutputSchema = z.object({
  email: z.string(),
  accountId: z.string(),
  count: z.number().int(),
  projects: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      lead: z.boolean(),
      roles: z.array(z.string()),
    }),
  ),
  /** More projects are visible than were checked. */
  truncated: z.boolean(),
});

export function registerListProjectsForUser(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'list_projects_for_user',
    {
      title: "List a person's Jira projects",
      description:
        'Lists the Jira projects a person (by exact email; the requester by default) leads or holds a project role in, with those roles.',
      inputSchema: ListProjectsForUserInputSchema,
      outputSchema: ListProjectsForUserOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(JiraError, async () => {
        const email = input.email ?? readRequestMeta(extra._meta).requester?.email;
        if (!email) {
          throw new JiraError(
            'invalid_input',
            'Provide email (the request names no requester email)',
          );
        }
        const accountId = await resolveEmail(jira, email, 'Could not resolve accountId from email');
        const visible = await jira.listProjects();
        const checked = visible.slice(0, input.maxProjects);
        const projects: z.infer<typeof ListProjectsForUserOutputSchema>['projects'] = [];
        for (const project of checked) {
          const roles: string[] = [];
          for (const [name, id] of await jira.projectRoles(project.key)) {
            if ((await jira.roleUsers(project.key, id)).includes(accountId)) roles.push(name);
          }
          const lead = project.lead?.accountId === accountId;
          if (lead || roles.length > 0) {
            projects.push({ id: project.id, key: project.key, name: project.name, lead, roles });
          }
        }
        return toolResult({
          email,
          accountId,
          count: projects.length,
          projects,
          truncated: visible.length > checked.length,
        });
      }),
  );
}
