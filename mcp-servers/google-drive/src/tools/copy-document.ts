import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CopyDocumentInputSchema, CreatedOutputSchema } from '../schemas.js';
import {
  CREATING_WRITE,
  createdSummary,
  requesterEmail,
  shareWithWriters,
  type ToolDeps,
} from './shared.js';

export function registerCopyDocument(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'copy_document',
    {
      title: 'Copy a Drive document',
      description:
        'Copies a file (with a new title, into a folder when given) and gives writers access to the copy.',
      inputSchema: CopyDocumentInputSchema,
      outputSchema: CreatedOutputSchema,
      annotations: CREATING_WRITE,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const copy = await deps.drive.copyFile(user, input.source_document_id, {
          ...(input.new_title === undefined ? {} : { name: input.new_title }),
          ...(input.destination_folder_id === undefined
            ? {}
            : { parentId: input.destination_folder_id }),
        });
        const sharedWith = await shareWithWriters(deps, user, copy, input.permissions);
        return toolResult({
          message: 'Document copied successfully',
          document: createdSummary(copy),
          shared_with: sharedWith,
        });
      }),
  );
}
