import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { MIME_TYPES, SearchDocumentsInputSchema, SearchDocumentsOutputSchema } from '../schemas.js';
import { fileSummary, quoted, READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

/** The Drive query for a search; every value quoted, so words cannot change the query. */
export function searchQuery(input: {
  readonly query: string;
  readonly file_types?: readonly (keyof typeof MIME_TYPES)[] | undefined;
  readonly owner?: string | undefined;
  readonly include_shared: boolean;
}): string {
  const clauses: string[] = [];
  const words = input.query.trim();
  if (words !== '')
    clauses.push(`(name contains ${quoted(words)} or fullText contains ${quoted(words)})`);
  const types = [...new Set(input.file_types ?? [])];
  if (types.length > 0) {
    clauses.push(`(${types.map((type) => `mimeType = ${quoted(MIME_TYPES[type])}`).join(' or ')})`);
  }
  if (input.owner !== undefined) clauses.push(`${quoted(input.owner)} in owners`);
  if (!input.include_shared) clauses.push("'me' in owners");
  clauses.push('trashed = false');
  return clauses.join(' and ');
}

export function registerSearchDocuments(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'search_documents',
    {
      title: 'Search Drive documents',
      description:
        'Finds files of the person asking (and those shared with them, and in shared drives) by ' +
        'words in their name or text, optionally by type and owner, a page at a time.',
      inputSchema: SearchDocumentsInputSchema,
      outputSchema: SearchDocumentsOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const page = await deps.drive.listFiles(user, {
          q: searchQuery(input),
          pageSize: input.max_results,
          ...(input.page_token === undefined ? {} : { pageToken: input.page_token }),
        });
        const results = page.files.map(fileSummary);
        return toolResult({
          query: input.query,
          total_results: results.length,
          results,
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        });
      }),
  );
}
