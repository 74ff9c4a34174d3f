import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SuspendInputSchema, UserChangeOutputSchema } from '../schemas.js';
import { ADDITIVE_WRITE, emailOf, fullNameOf, type ToolDeps } from './shared.js';

export function registerUnsuspendUser(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'unsuspend_user',
    {
      title: 'Unsuspend a Google Workspace user',
      description: 'Lifts a suspension: the user can sign in again.',
      inputSchema: SuspendInputSchema,
      outputSchema: UserChangeOutputSchema,
      annotations: ADDITIVE_WRITE,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = await deps.directory.updateUser(input.user_key, { suspended: false });
        return toolResult({
          message: 'User unsuspended successfully',
          email: emailOf(user, input.user_key),
          name: fullNameOf(user),
        });
      }),
  );
}
