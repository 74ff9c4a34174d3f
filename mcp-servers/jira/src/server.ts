import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JiraClient } from './client.js';
import { registerAddProjectAdmin } from './tools/add-project-admin.js';
import { registerBulkIssueUpload } from './tools/bulk-issue-upload.js';
import { registerCreateProject } from './tools/create-project.js';
import { registerDeleteProject } from './tools/delete-project.js';
import { registerDeleteProjectIssues } from './tools/delete-project-issues.js';
import { registerListIssues } from './tools/list-issues.js';
import { registerListProjectsForUser } from './tools/list-projects-for-user.js';
import { registerLookupProjectKey } from './tools/lookup-project-key.js';

export const JIRA_SERVER_NAME = 'jira';
export const JIRA_SERVER_VERSION = '0.1.0';

/**
 * The Jira MCP server: reads (`list_issues`, `lookup_project_key`, `list_projects_for_user`),
 * additive writes (`create_project`, `bulk_issue_upload`, `add_project_admin`) and deletes
 * (`delete_project_issues`, `delete_project`), annotated so default policies gate the writes.
 */
export function buildServer(jira: JiraClient): McpServer {
  const server = new McpServer({ name: JIRA_SERVER_NAME, version: JIRA_SERVER_VERSION });
  registerListIssues(server, jira);
  registerLookupProjectKey(server, jira);
  registerCreateProject(server, jira);
  registerBulkIssueUpload(server, jira);
  registerAddProjectAdmin(server, jira);
  registerDeleteProjectIssues(server, jira);
  registerDeleteProject(server, jira);
  registerListProjectsForUser(server, jira);
  return server;
}
