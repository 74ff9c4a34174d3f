import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GetDocumentInputSchema, GetDocumentOutputSchema, MIME_TYPES } from '../schemas.js';
import { fileSummary, READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

export function registerGetDocument(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'get_document',
    {
      title: 'Show a Drive document',
      description:
        "Shows a file's details (owners, times, link, who has access) and, when asked, a " +
        "Google Doc's text.",
      inputSchema: GetDocumentInputSchema,
      outputSchema: GetDocumentOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const file = await deps.drive.getFile(user, input.document_id);
        if (!input.include_content) return toolResult(fileSummary(file));
        // Only Google Docs export as text; anything else has no content to show.
        const content =
          file.mimeType === MIME_TYPES.document
            ? await deps.drive.exportText(user, input.document_id)
            : null;
        return toolResult({ ...fileSummary(file), content });
      }),
  );
}
