import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@agentcore/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSystem, requestIdOf, startLocalSystem } from '../support/local-system.js';

let system: LocalSystem;
let both: string[];
/** The functions' JSON log lines, scanned for tokens at the end. */
const logLines: string[] = [];

beforeAll(async () => {
  system = await startLocalSystem({ log: (line) => logLines.push(line) });
  // The shipped directory (its emails are whose calendar the Calendar server acts on), and
  // someone who may both ask and approve, to show they cannot approve their own booking.
  const shipped = JSON.parse(
    readFileSync(join(repositoryRoot(), 'config', 'local', 'directory.json'), 'utf8'),
  ) as { people: { userId: string; displayName: string; email: string; groups: string[] }[] };
  await system.runtime.stores.config.save({
    key: 'directory',
    value: {
      people: [
        ...shipped.people,
        { userId: 'U_DAVE', displayName: 'Dave', email: 'dave@example.com', groups: ['approvers'] },
      ],
    },
    author: 'e2e',
  });
  both = await system.keyFlags({ userId: 'U_DAVE', roles: ['requester', 'approver'] });
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

function tomorrowUtc(): string {
  return new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

describe('Google Calendar on the local runtime, in plain words without a model', () => {
  it('books a meeting only once another approver approves, in the requester’s own calendar', async () => {
    // Prepare
    const query = 'book a meeting with bob@example.com tomorrow at 10 for 30 minutes';
    const submitted = await system.hitl('run', ...both, '--query', query, '--json');
    expect(submitted.code, submitted.stderr).toBe(0);
    const requestId = requestIdOf(submitted.stdout);
    const pending = await system.waitFor(requestId, 'pending');
    const eventsBefore = system.runtime.google.calendar.events.length;

    // Act
    const own = await system.hitl('approve', requestId, ...both);
    const approved = await system.hitl('approve', requestId, '--as', 'approver');
    await system.runtime.settled(requestId);
    const completed = await system.waitFor(requestId, 'completed');

    // Assess
    const day = tomorrowUtc();
    expect(pending.action.toolCalls).toEqual([
      {
        tool: 'google_calendar__create_event',
        arguments: {
          summary: 'Meeting with bob@example.com',
          start: `${day}T10:00:00+00:00`,
          end: `${day}T10:30:00+00:00`,
          attendees: [{ email: 'bob@example.com' }],
        },
      },
    ]);
    expect(pending.policy?.outcome).toBe('require_approval');
    expect(eventsBefore).toBe(system.runtime.google.calendar.events.length - 1);
    expect(own.code).toBe(3);
    expect(own.stderr).toContain('you cannot approve your own request');
    expect(approved.code, approved.stderr).toBe(0);
    expect(completed.result?.toolCalls).toEqual([
      expect.objectContaining({ tool: 'google_calendar__create_event', ok: true }),
    ]);
    const booked = system.runtime.google.calendar.events.at(-1);
    expect(booked).toMatchObject({
      calendarId: 'dave@example.com',
      organizer: { email: 'dave@example.com' },
      start: { dateTime: `${day}T10:00:00+00:00` },
      attendees: [{ email: 'bob@example.com', responseStatus: 'needsAction' }],
    });
  });

  it("answers Bob's free/busy at once: a read needs no approval", async () => {
    // Prepare
    const query = "what's bob@example.com's free/busy tomorrow";

    // Act
    const submitted = await system.hitl('run', '--query', query, '--json');
    const requestId = requestIdOf(submitted.stdout);
    await system.runtime.settled(requestId);
    const completed = await system.waitFor(requestId, 'completed');

    // Assess
    expect(completed.policy?.outcome).toBe('allow');
    expect(completed.action.toolCalls?.[0]).toMatchObject({
      tool: 'google_calendar__freebusy',
      arguments: { calendar_ids: ['bob@example.com'], timezone: 'UTC' },
    });
    const output = completed.result?.toolCalls[0]?.output ?? '';
    // The meeting booked above is there (at 10:00 UTC tomorrow).
    const day = tomorrowUtc();
    expect(JSON.parse(output).calendars['bob@example.com'].busy).toContainEqual({
      start: `${day}T10:00:00Z`,
      end: `${day}T10:30:00Z`,
    });
    // Alice's own calendar was asked as Alice: the token request impersonated her.
    const assertions = system.runtime.google.requests
      .filter((request) => request.path === '/token')
      .map((request) => new URLSearchParams(request.body).get('assertion') ?? '')
      .map((jwt) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()));
    expect(assertions.map((claims) => claims.sub)).toContain('alice@example.com');
  });

  it('logs no access token, assertion or key of the calls it made', () => {
    // Prepare
    const secrets = system.runtime.google.requests.flatMap((request) => [
      request.headers.authorization?.replace(/^Bearer /, '') ?? '',
      new URLSearchParams(request.body).get('assertion') ?? '',
    ]);

    // Act
    const logged = logLines.join('\n');

    // Assess
    expect(logLines.length).toBeGreaterThan(0);
    expect(secrets.filter((secret) => secret.length > 20).length).toBeGreaterThan(0);
    for (const secret of secrets.filter((value) => value.length > 20)) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).not.toMatch(/PRIVATE KEY|ya29\./);
  });
});
