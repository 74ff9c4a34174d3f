import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';
import { resolveEmail } from './accounts.js';
import { ADDITIVE_WRITE } from './annotations.js';
import { addProjectAdmin } from './project-admin.js';

export const AddProjectAdminInputSchema = z.object({
  projectKey: z.string().trim().min(1).max(20),
  accountId: z.string().trim().min(1).max(128).optional(),
  email: z.email().optional(),
  roleName: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Role to add to; the Administrators role when absent'),
});

export const AddProjectAdminOutputSchema = z.object({
  projectKey: z.string(),
  roleName: z.string(),
  accountId: z.string(),
  added: z.literal(true),
  alreadyMember: z.boolean(),
});

export function registerAddProjectAdmin(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'add_project_admin',
    {
      title: 'Add a Jira project admin',
      description:
        "Adds a person (by account id or exact email) to a Jira project's Administrators role, or to the named role.",
      inputSchema: AddProjectAdminInputSchema,
      outputSchema: AddProjectAdminOutputSchema,
      annotations: ADDITIVE_WRITE,
    },
    (input) =>
      runTool(JiraError, async () => {
        const accountId =
          input.accountId ??
          (input.email
            ? await resolveEmail(jira, input.email, 'Could not resolve accountId from email')
            : undefined);
        if (!accountId) throw new JiraError('invalid_input', 'Provide accountId or email');
        const projectKey = input.projectKey.toUpperCase();
        const { roleName, added } = await addProjectAdmin(
          jira,
          projectKey,
          accountId,
          input.roleName,
        );
        return toolResult({ projectKey, roleName, accountId, added: true, alreadyMember: !added });
      }),
  );
}
