import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListCalendarsInputSchema, ListCalendarsOutputSchema } from '../schemas.js';
import { READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

export function registerListCalendars(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_calendars',
    {
      title: 'List your calendars',
      description:
        'Lists the calendars of the person asking (their own first), a page at a time; pass ' +
        'next_page_token back as page_token for the next page.',
      inputSchema: ListCalendarsInputSchema,
      outputSchema: ListCalendarsOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const page = await deps.calendar.listCalendars(user, {
          maxResults: input.max_results,
          ...(input.page_token === undefined ? {} : { pageToken: input.page_token }),
        });
        return toolResult({
          calendars: page.calendars.map((entry) => ({
            id: entry.id ?? '',
            summary: entry.summaryOverride ?? entry.summary ?? '',
            primary: entry.primary ?? false,
            access_role: entry.accessRole ?? 'reader',
            time_zone: entry.timeZone ?? '',
          })),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        });
      }),
  );
}
