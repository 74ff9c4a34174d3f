import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListDrivesInputSchema, ListDrivesOutputSchema } from '../schemas.js';
import { quoted, READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

export function registerListDrives(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_drives',
    {
      title: 'List shared drives',
      description: 'Lists the shared drives the person asking belongs to, optionally by name.',
      inputSchema: ListDrivesInputSchema,
      outputSchema: ListDrivesOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const page = await deps.drive.listDrives(user, {
          pageSize: input.max_results,
          ...(input.query === undefined ? {} : { q: `name contains ${quoted(input.query)}` }),
          ...(input.page_token === undefined ? {} : { pageToken: input.page_token }),
        });
        const drives = page.drives.map((drive) => ({
          id: drive.id ?? '',
          name: drive.name ?? '',
          created_time: drive.createdTime ?? '',
          capabilities: { ...drive.capabilities },
          restrictions: { ...drive.restrictions },
        }));
        return toolResult({
          total_drives: drives.length,
          drives,
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        });
      }),
  );
}
