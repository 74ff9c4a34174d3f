import * as z from 'zod';

/** ISO 8601 date and time with a zone (`Z` or an offset), as the seed required. */
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

export function isZonedDateTime(value: string): boolean {
  return ZONED.test(value) && !Number.isNaN(Date.parse(value));
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const CalendarIdSchema = z
  .string({ error: 'calendar_id is required' })
  .trim()
  .min(1, 'calendar_id must not be empty')
  .max(1024, 'calendar_id is too long')
  .describe('A calendar id (an email address, or primary for your own calendar)');

const EventIdSchema = z
  .string({ error: 'event_id is required' })
  .trim()
  .min(1, 'event_id must not be empty')
  .max(1024, 'event_id is too long');

export const ListCalendarsInputSchema = z.object({
  max_results: z
    .number()
    .int('max_results must be a whole number')
    .min(1, 'max_results must be between 1 and 250')
    .max(250, 'max_results must be between 1 and 250')
    .default(100)
    .describe('Calendars per page (1-250)'),
  page_token: z
    .string()
    .min(1, 'page_token must not be empty')
    .optional()
    .describe('next_page_token of the previous page'),
});

const CalendarSummarySchema = z.object({
  id: z.string(),
  summary: z.string(),
  primary: z.boolean(),
  access_role: z.string(),
  time_zone: z.string(),
});

export const ListCalendarsOutputSchema = z.object({
  calendars: z.array(CalendarSummarySchema),
  next_page_token: z.string().optional(),
});

export const FreeBusyInputSchema = z
  .object({
    calendar_ids: z
      .array(z.string().trim().min(1, 'calendar_ids must not hold empty ids'), {
        error: 'calendar_ids required',
      })
      .min(1, 'calendar_ids required')
      .max(50, 'calendar_ids may name at most 50 calendars')
      .describe('Calendars to look at: email addresses, or primary for your own'),
    time_min: z.string({ error: 'time_min and time_max must be ISO8601 with timezone' }),
    time_max: z.string({ error: 'time_min and time_max must be ISO8601 with timezone' }),
    timezone: z
      .string()
      .min(1)
      .optional()
      .describe('IANA time zone of the answer, e.g. Europe/London'),
  })
  .superRefine((input, context) => {
    if (!isZonedDateTime(input.time_min) || !isZonedDateTime(input.time_max)) {
      context.addIssue({
        code: 'custom',
        message: 'time_min and time_max must be ISO8601 with timezone',
        path: ['time_min'],
      });
    } else if (Date.parse(input.time_max) <= Date.parse(input.time_min)) {
      context.addIssue({
        code: 'custom',
        message: 'time_max must be after time_min',
        path: ['time_max'],
      });
    }
  });

const BusySchema = z.object({ start: z.string(), end: z.string() });

export const FreeBusyOutputSchema = z.object({
  time_min: z.string(),
  time_max: z.string(),
  calendars: z.record(
    z.string(),
    z.object({ busy: z.array(BusySchema), errors: z.array(z.string()).optional() }),
  ),
});

const AttendeeSchema = z.object({
  email: z
    .string({ error: 'attendee email invalid' })
    .trim()
    .regex(EMAIL, 'attendee email invalid'),
  optional: z.boolean().default(false),
});

export const CreateEventInputSchema = z
  .object({
    calendar_id: CalendarIdSchema.default('primary'),
    summary: z
      .string({ error: 'summary is required' })
      .trim()
      .min(1, 'summary must not be empty')
      .max(1024, 'summary must be at most 1024 characters'),
    description: z.string().max(8192, 'description must be at most 8192 characters').optional(),
    location: z.string().max(1024, 'location must be at most 1024 characters').optional(),
    start: z.string({ error: 'start and end must be ISO8601 with timezone' }),
    end: z.string({ error: 'start and end must be ISO8601 with timezone' }),
    attendees: z
      .array(AttendeeSchema)
      .max(100, 'attendees may hold at most 100 people')
      .default([]),
    add_meet_link: z.boolean().default(false).describe('Create a Google Meet link for the event'),
    zoom_url: z
      .url({ error: 'zoom_url must be a URL' })
      .optional()
      .describe('A Zoom link: the location when there is none, otherwise added to the description'),
    send_updates: z
      .enum(['all', 'externalOnly', 'none'])
      .default('all')
      .describe('Who Google emails the invitation to'),
  })
  .superRefine((input, context) => {
    if (!isZonedDateTime(input.start) || !isZonedDateTime(input.end)) {
      context.addIssue({
        code: 'custom',
        message: 'start and end must be ISO8601 with timezone',
        path: ['start'],
      });
    } else if (Date.parse(input.end) <= Date.parse(input.start)) {
      context.addIssue({ code: 'custom', message: 'end must be after start', path: ['end'] });
    }
  });
export type CreateEventInput = z.infer<typeof CreateEventInputSchema>;

export const EventOutputSchema = z.object({
  id: z.string(),
  status: z.string(),
  summary: z.string(),
  description: z.string().optional(),
  location: z.string().optional(),
  start: z.string(),
  end: z.string(),
  organizer: z.string(),
  attendees: z.array(z.object({ email: z.string(), response_status: z.string() })),
  html_link: z.string(),
  meet_link: z.string().optional(),
});

export const CreateEventOutputSchema = z.object({
  message: z.string(),
  calendar_id: z.string(),
  event: EventOutputSchema,
});

export const EventKeyInputSchema = z.object({
  calendar_id: CalendarIdSchema,
  event_id: EventIdSchema,
});

export const DeleteEventOutputSchema = z.object({
  status: z.literal('deleted'),
  calendar_id: z.string(),
  event_id: z.string(),
});
