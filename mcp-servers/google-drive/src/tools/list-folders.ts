import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListFoldersInputSchema, ListFoldersOutputSchema } from '../schemas.js';
import { FOLDER, quoted, READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

export function registerListFolders(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_folders',
    {
      title: 'List Drive folders',
      description:
        'Lists the folders inside a folder (My Drive when none is given), a page at a time.',
      inputSchema: ListFoldersInputSchema,
      outputSchema: ListFoldersOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const parent = input.parent_folder_id ?? 'root';
        const q = [
          `mimeType = ${quoted(FOLDER)}`,
          'trashed = false',
          `${quoted(parent)} in parents`,
          ...(input.include_shared ? [] : ["'me' in owners"]),
        ].join(' and ');
        const page = await deps.drive.listFiles(user, {
          q,
          pageSize: input.max_results,
          ...(input.page_token === undefined ? {} : { pageToken: input.page_token }),
        });
        const folders = page.files.map((folder) => ({
          id: folder.id ?? '',
          name: folder.name ?? '',
          created_time: folder.createdTime ?? '',
          modified_time: folder.modifiedTime ?? '',
          web_view_link: folder.webViewLink ?? '',
          owners: (folder.owners ?? []).map((owner) => owner.emailAddress ?? ''),
        }));
        return toolResult({
          total_folders: folders.length,
          folders,
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        });
      }),
  );
}
