import { ValidationError } from '@agentcore/core';
import {
  AuditEventInputSchema,
  type ChainProblem,
  type DynamoAuditRepository,
  MAX_AUDIT_PAGE,
} from '@agentcore/store';
import * as z from 'zod';
import type { ApiRoutes } from '../routing.js';
import { auditEventsCsv } from './audit-csv.js';

export interface AuditRoutesDeps {
  auditLog: DynamoAuditRepository;
  clock: () => Date;
}

const DAY_MS = 86_400_000;
const DEFAULT_VERIFY_DAYS = 7;
/** How far back one verification of every stream may look, and how many streams it may take. */
const MAX_VERIFY_DAYS = 92;
const MAX_VERIFY_STREAMS = 1_000;
const VERIFY_CONCURRENCY = 8;

const ISO_INSTANT = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const InstantSchema = z
  .string()
  .refine((text) => ISO_INSTANT.safeParse(text).success, 'must be an ISO 8601 date or date-time')
  .transform((text) => new Date(text));

const StreamSchema = AuditEventInputSchema.shape.streamId;

const ListQuerySchema = z
  .strictObject({
    stream: StreamSchema.optional(),
    type: z
      .string()
      .regex(/^[a-z][a-z0-9_.]{0,63}$/, 'must be an event type, or a prefix ending in a dot')
      .optional(),
    actor: z.string().min(1).max(256).optional(),
    since: InstantSchema.optional(),
    until: InstantSchema.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
    cursor: z.string().min(1).max(2_048).optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .refine((query) => !query.since || !query.until || query.since <= query.until, {
    message: 'must not be after until',
    path: ['since'],
  });

const VerifyQuerySchema = z.strictObject({
  stream: StreamSchema.optional(),
  since: InstantSchema.optional(),
});

const WANTS_CSV = /\btext\/csv\b/i;

export interface BrokenLink {
  streamId: string;
  /** The first event that does not hold (for a missing tail: the first one missing). */
  seq: number;
  reason: string;
  problem: ChainProblem;
}

export function auditRoutes(routes: ApiRoutes, deps: AuditRoutesDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/audit/events',
      summary:
        'Audit events of every stream (or one), newest first, filtered; a page at a time (follow nextCursor, or the x-next-cursor header of a CSV page). A page may hold fewer than limit. type matches exactly, or by prefix when it ends in a dot. The window defaults to the 30 days before until (now). format=csv (or Accept: text/csv) answers the same page as CSV.',
      tag: 'audit',
      access: 'admin',
      query: ListQuerySchema,
      responses: { 200: 'a page of events, as JSON or CSV', 400: 'a bad filter or cursor' },
    },
    async (c, { query }) => {
      const { format, ...filter } = query;
      const page = await deps.auditLog.listEvents(filter);
      const csv =
        format === 'csv' || (format === undefined && WANTS_CSV.test(c.req.header('accept') ?? ''));
      if (!csv) {
        return c.json({
          events: page.items,
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        });
      }
      return c.body(auditEventsCsv(page.items), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="audit-events.csv"',
        ...(page.nextCursor ? { 'x-next-cursor': page.nextCursor } : {}),
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/audit/verify',
      summary: `Recomputes the keyed (HMAC) chain of one stream, or of every stream with events since \`since\` (default ${DEFAULT_VERIFY_DAYS} days, at most ${MAX_VERIFY_DAYS}), and checks that each ends where its anchor says. Names each stream's first bad event (problem: edited, broken_link, missing_event, unkeyed, unknown_key, malformed) or its missing tail (missing_tail, missing_anchor, bad_anchor). legacyEvents counts events from before the chain was keyed, verified by their unkeyed hash only.`,
      tag: 'audit',
      access: 'admin',
      query: VerifyQuerySchema,
      responses: {
        200: 'the verification; ok is false when any chain is broken',
        400: 'bad query',
      },
    },
    async (c, { query }) => c.json(await verifyAudit(deps, query)),
  );
}

/** The keyed chain of one stream, or of every stream with events since `since`, checked. */
export async function verifyAudit(
  deps: AuditRoutesDeps,
  query: { stream?: string | undefined; since?: Date | undefined },
): Promise<{
  ok: boolean;
  streams: number;
  events: number;
  legacyEvents?: number;
  broken: BrokenLink[];
}> {
  const streams = query.stream ? [query.stream] : await streamsToVerify(deps, query.since);
  const broken: BrokenLink[] = [];
  let events = 0;
  let legacyEvents = 0;
  for (let start = 0; start < streams.length; start += VERIFY_CONCURRENCY) {
    const batch = streams.slice(start, start + VERIFY_CONCURRENCY);
    const results = await Promise.all(batch.map((stream) => deps.auditLog.verify(stream)));
    for (const [index, result] of results.entries()) {
      events += result.events;
      legacyEvents += result.legacy ?? 0;
      if (!result.ok) {
        broken.push({
          streamId: batch[index] ?? '',
          seq: result.brokenAt,
          reason: result.reason,
          problem: result.problem,
        });
      }
    }
  }
  return {
    ok: broken.length === 0,
    streams: streams.length,
    events,
    ...(legacyEvents > 0 ? { legacyEvents } : {}),
    broken,
  };
}

async function streamsToVerify(deps: AuditRoutesDeps, given: Date | undefined): Promise<string[]> {
  const now = deps.clock();
  const since = given ?? new Date(now.getTime() - DEFAULT_VERIFY_DAYS * DAY_MS);
  const refuse = (message: string): never => {
    throw new ValidationError('query', [{ path: 'since', message }]);
  };
  if (since > now) refuse('must not be in the future');
  if (now.getTime() - since.getTime() > MAX_VERIFY_DAYS * DAY_MS) {
    refuse(`must be within the last ${MAX_VERIFY_DAYS} days; verify older streams one by one`);
  }
  const found = await deps.auditLog.streamsWithEvents({ since, until: now }, MAX_VERIFY_STREAMS);
  if (!found.complete) {
    refuse(
      `more than ${MAX_VERIFY_STREAMS} streams have events since then: verify a shorter window, or one stream`,
    );
  }
  return found.streams;
}
