import { randomUUID } from 'node:crypto';
import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CalendarEvent } from '../calendar-api.js';
import {
  type CreateEventInput,
  CreateEventInputSchema,
  CreateEventOutputSchema,
} from '../schemas.js';
import { CREATING_WRITE, eventView, requesterEmail, type ToolDeps } from './shared.js';

/** The seed's attendee checks: an address, in one of the allowed domains (when any are set). */
export function checkAttendees(
  attendees: CreateEventInput['attendees'],
  allowedDomains: readonly string[],
): void {
  for (const attendee of attendees) {
    const at = attendee.email.lastIndexOf('@');
    if (at < 1) throw new GoogleWorkspaceError('invalid_input', 'attendee email invalid');
    const domain = attendee.email.slice(at + 1).toLowerCase();
    if (allowedDomains.length > 0 && !allowedDomains.includes(domain)) {
      throw new GoogleWorkspaceError('invalid_input', `attendee domain not allowed: ${domain}`);
    }
  }
}

/** The event body: a Zoom link becomes the location, or joins the description when one is set. */
export function eventBody(input: CreateEventInput): CalendarEvent {
  let location = input.location;
  let description = input.description ?? '';
  if (input.zoom_url !== undefined) {
    if (!location) location = input.zoom_url;
    else if (!description.includes(input.zoom_url)) {
      description = `${description}${description ? '\n\n' : ''}Join: ${input.zoom_url}`;
    }
  }
  return {
    summary: input.summary,
    description,
    start: { dateTime: input.start },
    end: { dateTime: input.end },
    ...(location ? { location } : {}),
    ...(input.attendees.length === 0
      ? {}
      : {
          attendees: input.attendees.map((attendee) => ({
            email: attendee.email,
            ...(attendee.optional ? { optional: true } : {}),
          })),
        }),
    ...(input.add_meet_link
      ? {
          conferenceData: {
            createRequest: {
              requestId: randomUUID(),
              conferenceSolutionKey: { type: 'hangoutsMeet' },
            },
          },
        }
      : {}),
  };
}

export function registerCreateEvent(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'create_event',
    {
      title: 'Book a meeting',
      description:
        'Creates an event in a calendar of the person asking (primary by default) and invites ' +
        'the attendees; start and end are ISO 8601 with a time zone. add_meet_link adds a ' +
        'Google Meet link.',
      inputSchema: CreateEventInputSchema,
      outputSchema: CreateEventOutputSchema,
      annotations: CREATING_WRITE,
    },
    (input, extra) =>
      runTool(GoogleWorkspaceError, async () => {
        checkAttendees(input.attendees, deps.allowedDomains);
        const user = requesterEmail(extra._meta);
        const created = await deps.calendar.insertEvent(user, input.calendar_id, eventBody(input), {
          withConferenceData: input.add_meet_link,
          sendUpdates: input.send_updates,
        });
        return toolResult({
          message: 'Event created',
          calendar_id: input.calendar_id,
          event: eventView(created),
        });
      }),
  );
}
