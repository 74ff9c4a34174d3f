import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SuspendInputSchema, UserChangeOutputSchema } from '../schemas.js';
import { DESTRUCTIVE_WRITE, emailOf, fullNameOf, type ToolDeps } from './shared.js';

export function registerSuspendUser(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'suspend_user',
    {
      title: 'Suspend a Google Workspace user',
      description:
        'Suspends a user: they can no longer sign in or use any Google service until unsuspended.',
      inputSchema: SuspendInputSchema,
      outputSchema: UserChangeOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = await deps.directory.updateUser(input.user_key, { suspended: true });
        return toolResult({
          message: 'User suspended successfully',
          email: emailOf(user, input.user_key),
          name: fullNameOf(user),
        });
      }),
  );
}
