import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AmazonRolesOutputSchema, GetAmazonRolesInputSchema } from '../schemas.js';
import { emailOf, READ_ONLY, roleEntriesOf, type ToolDeps } from './shared.js';

export function registerGetAmazonRoles(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'get_amazon_roles',
    {
      title: "Get a user's AWS roles",
      description:
        'Lists the AWS SAML roles a user may assume through Google sign-in: per AWS account, ' +
        'the IAM role ARN and the SAML identity provider ARN.',
      inputSchema: GetAmazonRolesInputSchema,
      outputSchema: AmazonRolesOutputSchema,
      annotations: READ_ONLY,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = await deps.directory.getUser(input.user_key, {
          customSchema: deps.roleSchema,
        });
        const { roles } = roleEntriesOf(user, deps);
        return toolResult({
          email: emailOf(user, input.user_key),
          roles,
          has_roles: roles.length > 0,
        });
      }),
  );
}
