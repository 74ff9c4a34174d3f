import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListUsersInputSchema, ListUsersOutputSchema } from '../schemas.js';
import { fullNameOf, READ_ONLY, type ToolDeps } from './shared.js';

export function registerListUsers(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_users',
    {
      title: 'List Google Workspace users',
      description:
        'Lists the users of a domain or of the whole customer account, a page at a time; pass ' +
        'next_page_token back as page_token for the next page.',
      inputSchema: ListUsersInputSchema,
      outputSchema: ListUsersOutputSchema,
      annotations: READ_ONLY,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        if (input.domain !== undefined && input.customer !== undefined) {
          throw new GoogleWorkspaceError('invalid_input', 'Give domain or customer, not both');
        }
        const scope =
          input.domain !== undefined
            ? { domain: input.domain }
            : input.customer !== undefined
              ? { customer: input.customer }
              : deps.domain !== undefined
                ? { domain: deps.domain }
                : { customer: deps.customerId };
        const page = await deps.directory.listUsers({
          ...scope,
          maxResults: input.max_results,
          orderBy: input.order_by,
          ...(input.sort_order === undefined ? {} : { sortOrder: input.sort_order }),
          ...(input.query === undefined ? {} : { query: input.query }),
          ...(input.page_token === undefined ? {} : { pageToken: input.page_token }),
        });
        const users = page.users.map((user) => ({
          email: user.primaryEmail ?? '',
          name: fullNameOf(user),
          id: user.id ?? '',
          suspended: user.suspended ?? false,
          is_admin: user.isAdmin ?? false,
          two_step_enrolled: user.isEnrolledIn2Sv ?? false,
        }));
        return toolResult({
          users,
          ...(users.length === 0 ? { message: 'No users found.' } : {}),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        });
      }),
  );
}
