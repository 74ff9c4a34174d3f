import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DeleteEventOutputSchema, EventKeyInputSchema } from '../schemas.js';
import { DESTRUCTIVE_WRITE, requesterEmail, type ToolDeps } from './shared.js';

export function registerDeleteEvent(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'delete_event',
    {
      title: 'Cancel an event',
      description:
        'Deletes an event from a calendar of the person asking; its attendees are told it is cancelled.',
      inputSchema: EventKeyInputSchema,
      outputSchema: DeleteEventOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        await deps.calendar.deleteEvent(user, input.calendar_id, input.event_id);
        return toolResult({
          status: 'deleted',
          calendar_id: input.calendar_id,
          event_id: input.event_id,
        });
      }),
  );
}
