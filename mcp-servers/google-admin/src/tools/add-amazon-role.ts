import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { accountOf, roleValue } from '../aws-roles.js';
import { AmazonRoleChangeInputSchema, AmazonRoleChangeOutputSchema } from '../schemas.js';
import { ADDITIVE_WRITE, emailOf, parsedRoles, roleEntriesOf, type ToolDeps } from './shared.js';

export function registerAddAmazonRole(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'add_amazon_role',
    {
      title: 'Add an AWS role to a user',
      description:
        'Lets a user assume an IAM role through Google sign-in (SAML). One role per AWS ' +
        'account: when the user already has a role in that account, nothing changes.',
      inputSchema: AmazonRoleChangeInputSchema,
      outputSchema: AmazonRoleChangeOutputSchema,
      annotations: ADDITIVE_WRITE,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const account = accountOf(input.admin_role);
        if (account !== accountOf(input.identity_provider)) {
          throw new GoogleWorkspaceError(
            'invalid_input',
            'admin_role and identity_provider must be in the same AWS account',
          );
        }
        const user = await deps.directory.getUser(input.user_key, {
          customSchema: deps.roleSchema,
        });
        const email = emailOf(user, input.user_key);
        const { entries, roles } = roleEntriesOf(user, deps);
        if (roles.some((role) => role.account === account)) {
          return toolResult({
            message: 'AWS role already exists for user',
            email,
            changed: false,
            roles,
          });
        }
        const value = roleValue(input.admin_role, input.identity_provider);
        // The field is multi-valued: the whole array is written, the existing entries as they were.
        const written = [...entries, { value, type: 'work' }];
        await deps.directory.updateUser(user.id ?? input.user_key, {
          customSchemas: {
            [deps.roleSchema]: { [deps.roleField]: written },
          },
        });
        return toolResult({
          message: `Successfully added AWS role ${input.admin_role}`,
          email,
          changed: true,
          roles: parsedRoles(written),
        });
      }),
  );
}
