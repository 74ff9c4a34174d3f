import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { EventKeyInputSchema, EventOutputSchema } from '../schemas.js';
import { eventView, READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

export function registerGetEvent(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'get_event',
    {
      title: 'Show an event',
      description:
        'Shows an event of a calendar the person asking can see: times, attendees, links.',
      inputSchema: EventKeyInputSchema,
      outputSchema: EventOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const event = await deps.calendar.getEvent(user, input.calendar_id, input.event_id);
        return toolResult(eventView(event));
      }),
  );
}
