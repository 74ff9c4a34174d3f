import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { FreeBusyInputSchema, FreeBusyOutputSchema } from '../schemas.js';
import { READ_ONLY, requesterEmail, type ToolDeps } from './shared.js';

export function registerFreeBusy(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'freebusy',
    {
      title: 'Find when people are busy',
      description:
        'Shows the busy times of calendars (people’s email addresses, or primary for your own) ' +
        'between time_min and time_max (ISO 8601 with a time zone). A calendar Google cannot ' +
        'show comes back with errors, e.g. notFound.',
      inputSchema: FreeBusyInputSchema,
      outputSchema: FreeBusyOutputSchema,
      annotations: READ_ONLY,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = requesterEmail(extra._meta);
        const answer = await deps.calendar.freeBusy(user, {
          timeMin: input.time_min,
          timeMax: input.time_max,
          ...(input.timezone === undefined ? {} : { timeZone: input.timezone }),
          calendarIds: input.calendar_ids,
        });
        const calendars = Object.fromEntries(
          Object.entries(answer.calendars ?? {}).map(([id, entry]) => {
            const errors = (entry.errors ?? []).map((error) => error.reason ?? 'unknown');
            return [
              id,
              {
                busy: (entry.busy ?? []).map((slot) => ({
                  start: slot.start ?? '',
                  end: slot.end ?? '',
                })),
                ...(errors.length > 0 ? { errors } : {}),
              },
            ];
          }),
        );
        return toolResult({
          time_min: answer.timeMin ?? input.time_min,
          time_max: answer.timeMax ?? input.time_max,
          calendars,
        });
      }),
  );
}
