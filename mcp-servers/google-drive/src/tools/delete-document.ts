import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DeleteDocumentInputSchema, DeleteDocumentOutputSchema } from '../schemas.js';
import { DESTRUCTIVE_WRITE, requesterEmail, type ToolDeps } from './shared.js';

export function registerDeleteDocument(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'delete_document',
    {
      title: 'Delete a Drive document',
      description:
        'Moves a file to the trash (it can be restored for 30 days), or with permanent deletes ' +
        'it for good (a folder with everything in it).',
      inputSchema: DeleteDocumentInputSchema,
      outputSchema: DeleteDocumentOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        // The seed deleted for good either way; only `permanent` does here.
        if (input.permanent) await deps.drive.deleteFile(user, input.document_id);
        else await deps.drive.updateFile(user, input.document_id, { trashed: true });
        return toolResult({
          message: input.permanent ? 'Document permanently deleted' : 'Document moved to trash',
          document_id: input.document_id,
          permanent: input.permanent,
        });
      }),
  );
}
