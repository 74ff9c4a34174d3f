import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CreateDocumentInputSchema, CreatedOutputSchema, MIME_TYPES } from '../schemas.js';
import {
  CREATING_WRITE,
  createdSummary,
  requesterEmail,
  shareWithWriters,
  type ToolDeps,
} from './shared.js';

const titled = (type: string) => type.charAt(0).toUpperCase() + type.slice(1);

export function registerCreateDocument(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'create_document',
    {
      title: 'Create a Drive document',
      description:
        'Creates a document, spreadsheet, presentation or folder owned by the person asking ' +
        '(in a folder when given), with text for a document, and gives writers access.',
      inputSchema: CreateDocumentInputSchema,
      outputSchema: CreatedOutputSchema,
      annotations: CREATING_WRITE,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        if (input.content !== undefined && input.document_type !== 'document') {
          throw new GoogleWorkspaceError(
            'invalid_input',
            'content can be given for a document only',
          );
        }
        const user = requesterEmail(extra._meta);
        const created = await deps.drive.createFile(user, {
          name: input.title,
          mimeType: MIME_TYPES[input.document_type],
          ...(input.parent_folder_id === undefined ? {} : { parentId: input.parent_folder_id }),
          ...(input.content === undefined ? {} : { content: input.content }),
        });
        const sharedWith = await shareWithWriters(deps, user, created, input.permissions);
        return toolResult({
          message: `${titled(input.document_type)} created successfully`,
          document: createdSummary(created),
          shared_with: sharedWith,
        });
      }),
  );
}
