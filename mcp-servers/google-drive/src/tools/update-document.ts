import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { MIME_TYPES, UpdateDocumentInputSchema, UpdateDocumentOutputSchema } from '../schemas.js';
import { DESTRUCTIVE_WRITE, requesterEmail, shareWithWriters, type ToolDeps } from './shared.js';

export function registerUpdateDocument(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'update_document',
    {
      title: 'Change a Drive document',
      description:
        "Renames a file, replaces a Google Doc's whole text, and gives writers access; what is " +
        'not given is left as it is.',
      inputSchema: UpdateDocumentInputSchema,
      outputSchema: UpdateDocumentOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        if (
          input.title === undefined &&
          input.content === undefined &&
          (input.permissions ?? []).length === 0
        ) {
          throw new GoogleWorkspaceError(
            'invalid_input',
            'give a title, content or permissions to change',
          );
        }
        const user = requesterEmail(extra._meta);
        const file = await deps.drive.getFile(user, input.document_id);
        if (input.content !== undefined && file.mimeType !== MIME_TYPES.document) {
          throw new GoogleWorkspaceError(
            'invalid_input',
            'content can be replaced in a document only',
          );
        }
        const changed: string[] = [];
        if (input.title !== undefined) {
          await deps.drive.updateFile(user, input.document_id, { name: input.title });
          changed.push('title');
        }
        if (input.content !== undefined) {
          await deps.drive.replaceContent(user, input.document_id, input.content);
          changed.push('content');
        }
        const sharedWith = await shareWithWriters(deps, user, file, input.permissions);
        if (sharedWith.length > 0) changed.push('permissions');
        return toolResult({
          message: 'Document updated successfully',
          document_id: input.document_id,
          changed,
          shared_with: sharedWith,
        });
      }),
  );
}
