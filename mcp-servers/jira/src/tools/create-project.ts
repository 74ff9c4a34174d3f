import { readRequestMeta, runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import type { JiraClient } from '../client.js';
import { JiraError } from '../errors.js';
import { resolveTemplate } from '../templates.js';
import { resolveEmail } from './accounts.js';
import { ADDITIVE_WRITE } from './annotations.js';
import { addProjectAdmin } from './project-admin.js';

export const CreateProjectInputSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(80),
  key: z
    .string()
    .trim()
    .regex(
      /^[A-Z][A-Z0-9]{1,9}$/,
      'key must start with an uppercase letter and hold 2 to 10 uppercase letters or digits',
    ),
  projectTypeKey: z.enum(['software', 'service_desk', 'business']).default('software'),
  projectTemplateKey: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'A full template key, or an alias: scrum, kanban, scrum-classic, kanban-classic, basic, …',
    ),
  managementStyle: z
    .enum(['team', 'company'])
    .default('team')
    .describe('company-managed software projects default to the classic kanban template'),
  leadAccountId: z.string().trim().min(1).max(128).optional(),
  leadEmail: z.email().optional().describe('Resolved to exactly one account; else an error'),
  description: z.string().max(2000).optional(),
});

export const CreateProjectOutputSchema = z.object({
  projectId: z.string(),
  projectKey: z.string(),
  selfUrl: z.string(),
  projectUrl: z.string(),
  boardUrl: z.string(),
  managementStyle: z.string(),
  projectTypeKey: z.string(),
  projectTemplateKey: z.string(),
  leadAccountId: z.string(),
  requesterAddedAsAdmin: z.boolean(),
  requesterAdminNote: z.string().optional(),
});

export function registerCreateProject(server: McpServer, jira: JiraClient): void {
  server.registerTool(
    'create_project',
    {
      title: 'Create a Jira project',
      description:
        'Creates a Jira project (template by alias or key; lead by account id, exact email, or the API user) and adds the requester to its Administrators role.',
      inputSchema: CreateProjectInputSchema,
      outputSchema: CreateProjectOutputSchema,
      annotations: ADDITIVE_WRITE,
    },
    (input, extra) =>
      runTool(JiraError, async () => {
        const template = resolveTemplate(
          input.projectTemplateKey ??
            (input.managementStyle === 'company' && input.projectTypeKey === 'software'
              ? 'kanban-classic'
              : undefined),
          input.projectTypeKey,
        );
        const leadAccountId =
          input.leadAccountId ??
          (input.leadEmail
            ? await resolveEmail(
                jira,
                input.leadEmail,
                'Could not resolve lead account id from email',
              )
            : (await jira.myself()).accountId);
        const created = await jira.createProject({
          key: input.key,
          name: input.name,
          projectTypeKey: input.projectTypeKey,
          projectTemplateKey: template,
          leadAccountId,
          description: input.description,
        });

        // Best effort: the project exists whatever happens here, and the answer says so.
        const requesterEmail = readRequestMeta(extra._meta).requester?.email;
        let requesterAddedAsAdmin = false;
        let requesterAdminNote: string | undefined;
        if (!requesterEmail) {
          requesterAdminNote = 'the request carries no requester email';
        } else {
          try {
            const accountId = await jira.accountIdForEmail(requesterEmail);
            if (accountId) {
              await addProjectAdmin(jira, created.key, accountId);
              requesterAddedAsAdmin = true;
            } else {
              requesterAdminNote = `no Jira account has the email ${requesterEmail}`;
            }
          } catch (error) {
            if (!(error instanceof JiraError)) throw error;
            requesterAdminNote = error.message;
          }
        }
        const projectUrl = `${jira.siteUrl}/jira/software/projects/${created.key}/summary`;
        return toolResult({
          projectId: created.id,
          projectKey: created.key,
          selfUrl: created.self,
          projectUrl,
          boardUrl: `${jira.siteUrl}/jira/software/projects/${created.key}/boards`,
          managementStyle: input.managementStyle,
          projectTypeKey: input.projectTypeKey,
          projectTemplateKey: template,
          leadAccountId,
          requesterAddedAsAdmin,
          ...(requesterAdminNote ? { requesterAdminNote } : {}),
        });
      }),
  );
}
