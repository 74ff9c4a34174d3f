import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parseRoleValue } from '../aws-roles.js';
import { AmazonRoleChangeInputSchema, AmazonRoleChangeOutputSchema } from '../schemas.js';
import { DESTRUCTIVE_WRITE, emailOf, parsedRoles, roleEntriesOf, type ToolDeps } from './shared.js';

export function registerRemoveAmazonRole(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'remove_amazon_role',
    {
      title: 'Remove an AWS role from a user',
      description:
        'Stops a user assuming an IAM role through Google sign-in: removes the entry with ' +
        'exactly this role and SAML identity provider.',
      inputSchema: AmazonRoleChangeInputSchema,
      outputSchema: AmazonRoleChangeOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = await deps.directory.getUser(input.user_key, {
          customSchema: deps.roleSchema,
        });
        const email = emailOf(user, input.user_key);
        const { entries, roles } = roleEntriesOf(user, deps);
        const matches = (value: string) => {
          const role = parseRoleValue(value);
          return role?.role === input.admin_role && role.saml_provider === input.identity_provider;
        };
        const kept = entries.filter((entry) => !matches(entry.value));
        if (kept.length === entries.length) {
          return toolResult({
            message: `AWS role not found for user. Found ${roles.length} roles. Role to remove: ${input.admin_role},${input.identity_provider}`,
            email,
            changed: false,
            roles,
          });
        }
        await deps.directory.updateUser(user.id ?? input.user_key, {
          customSchemas: { [deps.roleSchema]: { [deps.roleField]: kept } },
        });
        return toolResult({
          message: `Successfully removed AWS role ${input.admin_role}`,
          email,
          changed: true,
          roles: parsedRoles(kept),
        });
      }),
  );
}
