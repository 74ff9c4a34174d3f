import { describe, expect, it } from 'vitest';
import { planFromWords, type WordsPlan } from '../src/index.js';

const CATALOG = [
  'google_admin__get_user',
  'google_admin__reset_2fa',
  'google_admin__suspend_user',
  'jira__create_project',
  'jira__list_issues',
  'google_calendar__list_calendars',
  'google_calendar__freebusy',
  'google_calendar__create_event',
  'google_calendar__get_event',
  'google_calendar__delete_event',
];
// A Monday morning in London (UTC+0 in winter).
const NOW = new Date('2026-11-30T09:00:00Z');
const LONDON = { now: NOW, timeZone: 'Europe/London' };

function planned(query: string, options = LONDON): WordsPlan {
  const plan = planFromWords(query, CATALOG, options);
  if ('notUnderstood' in plan) throw new Error(`not understood: ${query}: ${plan.notUnderstood}`);
  return plan;
}

const BOB = [{ email: 'bob@example.com' }];
const meeting = (start: string, end: string, extra: Record<string, unknown> = {}) => ({
  summary: 'Meeting with bob@example.com',
  start,
  end,
  attendees: BOB,
  ...extra,
});

describe('planFromWords: meetings', () => {
  it.each([
    [
      'book a meeting with bob@example.com tomorrow at 10 for 30 minutes',
      meeting('2026-12-01T10:00:00+00:00', '2026-12-01T10:30:00+00:00'),
    ],
    [
      'Book a meeting with bob@example.com tomorrow at 10am for 45 mins',
      meeting('2026-12-01T10:00:00+00:00', '2026-12-01T10:45:00+00:00'),
    ],
    [
      'schedule a call with bob@example.com tomorrow at 14:00 for an hour',
      meeting('2026-12-01T14:00:00+00:00', '2026-12-01T15:00:00+00:00'),
    ],
    // Typos people make in chat.
    [
      'shedule a meting with bob@example.com tmrw at 9:30',
      meeting('2026-12-01T09:30:00+00:00', '2026-12-01T10:00:00+00:00'),
    ],
    [
      'scedule a meeeting w/ bob@example.com tommorow at 11 for 15 minuets',
      meeting('2026-12-01T11:00:00+00:00', '2026-12-01T11:15:00+00:00'),
    ],
    [
      'bok a metting with bob@example.com tomorow at 4pm',
      meeting('2026-12-01T16:00:00+00:00', '2026-12-01T16:30:00+00:00'),
    ],
    // Other word orders.
    [
      'Tomorrow at 10, book a 1:1 with bob@example.com',
      meeting('2026-12-01T10:00:00+00:00', '2026-12-01T10:30:00+00:00'),
    ],
    [
      'for 30 minutes tomorrow at 10 please set up a meeting with bob@example.com',
      meeting('2026-12-01T10:00:00+00:00', '2026-12-01T10:30:00+00:00'),
    ],
    [
      'bob@example.com and I need a catch-up on Wednesday at 3:30pm, can you book it',
      meeting('2026-12-02T15:30:00+00:00', '2026-12-02T16:00:00+00:00'),
    ],
    // Days and ranges.
    [
      'set up a sync with bob@example.com on 2026-12-03 from 10 to 11:30',
      meeting('2026-12-03T10:00:00+00:00', '2026-12-03T11:30:00+00:00'),
    ],
    [
      'arrange a call with bob@example.com on Friday 2-3pm',
      meeting('2026-12-04T14:00:00+00:00', '2026-12-04T15:00:00+00:00'),
    ],
    [
      'organise an appointment with bob@example.com on 3 December at noon for 1.5 hours',
      meeting('2026-12-03T12:00:00+00:00', '2026-12-03T13:30:00+00:00'),
    ],
    [
      'book an interview with bob@example.com on Jan 5th at 9:15',
      meeting('2027-01-05T09:15:00+00:00', '2027-01-05T09:45:00+00:00'),
    ],
    [
      // "Monday" on a Monday is the next one.
      'put a standup with bob@example.com on Monday at 9',
      meeting('2026-12-07T09:00:00+00:00', '2026-12-07T09:30:00+00:00'),
    ],
    [
      'book a meeting with bob@example.com today at 17:00 for 2h',
      meeting('2026-11-30T17:00:00+00:00', '2026-11-30T19:00:00+00:00'),
    ],
    // Meet links and titles.
    [
      'book a meeting with bob@example.com tomorrow at 10 with a Google Meet link',
      meeting('2026-12-01T10:00:00+00:00', '2026-12-01T10:30:00+00:00', { add_meet_link: true }),
    ],
    [
      'schedule a video call with bob@example.com tomorrow at 10',
      meeting('2026-12-01T10:00:00+00:00', '2026-12-01T10:30:00+00:00', { add_meet_link: true }),
    ],
    [
      'book a meeting about "Budget review" with bob@example.com tomorrow at 11am',
      meeting('2026-12-01T11:00:00+00:00', '2026-12-01T11:30:00+00:00', {
        summary: 'Budget review',
      }),
    ],
    [
      'book a meeting about the launch plan with bob@example.com tomorrow at 10',
      meeting('2026-12-01T10:00:00+00:00', '2026-12-01T10:30:00+00:00', {
        summary: 'Launch plan',
      }),
    ],
  ])('"%s" -> create_event', (query, args) => {
    // Act
    const plan = planned(query);

    // Assess
    expect(plan.calls).toEqual([{ tool: 'google_calendar__create_event', arguments: args }]);
    expect(plan).toMatchObject({ category: 'other', understood: 'book a meeting' });
  });

  it('invites several people, although other requests name one person at a time', () => {
    // Act
    const plan = planned(
      'schedule a call with bob@example.com and carol@example.com on Friday at 2pm for an hour',
    );

    // Assess
    expect(plan.calls[0]?.arguments).toMatchObject({
      attendees: [{ email: 'bob@example.com' }, { email: 'carol@example.com' }],
      start: '2026-12-04T14:00:00+00:00',
      end: '2026-12-04T15:00:00+00:00',
    });
  });

  it('reads times in the zone it is given, across a change of offset', () => {
    // Act
    const berlin = planned('book a meeting with bob@example.com tomorrow at 10', {
      now: NOW,
      timeZone: 'Europe/Berlin',
    });
    // New York leaves daylight time on 2026-11-01.
    const newYork = planned('book a meeting with bob@example.com on 2026-10-30 at 9am', {
      now: new Date('2026-10-20T12:00:00Z'),
      timeZone: 'America/New_York',
    });

    // Assess
    expect(berlin.calls[0]?.arguments).toMatchObject({
      start: '2026-12-01T10:00:00+01:00',
      end: '2026-12-01T10:30:00+01:00',
    });
    expect(newYork.calls[0]?.arguments).toMatchObject({ start: '2026-10-30T09:00:00-04:00' });
  });

  it('says the length it assumed, and the zone it read the time in', () => {
    // Act
    const plan = planned('book a meeting with bob@example.com tomorrow at 10');

    // Assess
    expect(plan.summary).toBe(
      'Book "Meeting with bob@example.com" with bob@example.com on 2026-12-01 at 10:00 (Europe/London) for 30 minutes (the default length)',
    );
  });
});

describe('planFromWords: free/busy and calendars', () => {
  const day = (date: string, next: string, ids: string[] = ['bob@example.com']) => ({
    calendar_ids: ids,
    time_min: `${date}T00:00:00+00:00`,
    time_max: `${next}T00:00:00+00:00`,
    timezone: 'Europe/London',
  });

  it.each([
    ["what's bob@example.com's free/busy tomorrow", day('2026-12-01', '2026-12-02')],
    ['freebusy for bob@example.com on Friday', day('2026-12-04', '2026-12-05')],
    ['is bob@example.com free on Wednesday?', day('2026-12-02', '2026-12-03')],
    ["check bob@example.com's availability on 3 December", day('2026-12-03', '2026-12-04')],
    ['when is bob@example.com busy tmrw', day('2026-12-01', '2026-12-02')],
    ['bob@example.com avalability today', day('2026-11-30', '2026-12-01')],
    ['show my free/busy for tomorrow', day('2026-12-01', '2026-12-02', ['primary'])],
    [
      'are bob@example.com and carol@example.com available tomorrow',
      day('2026-12-01', '2026-12-02', ['bob@example.com', 'carol@example.com']),
    ],
  ])('"%s" -> freebusy', (query, args) => {
    // Act
    const plan = planned(query);

    // Assess
    expect(plan.calls).toEqual([{ tool: 'google_calendar__freebusy', arguments: args }]);
  });

  it.each([['list my calendars'], ['which calenders do I have'], ['show my calendars']])(
    '"%s" -> list_calendars',
    (query) => {
      // Act
      const plan = planned(query);

      // Assess
      expect(plan.calls).toEqual([{ tool: 'google_calendar__list_calendars', arguments: {} }]);
    },
  );
});

describe('planFromWords: what it will not guess about a meeting', () => {
  it.each([
    ['book a meeting tomorrow at 10', 'who to meet (their email address)'],
    ['book a meeting with bob tomorrow at 10', 'who to meet (their email address)'],
    ['schedule a call with bob@example.com at 10', 'which day'],
    ['book a meeting with bob@example.com tomorrow', 'what time'],
    ['schedule a sync with bob@example.com on Friday afternoon', 'what time'],
    ['book a meeting with bob@example.com tomorrow at 3', 'whether 3 is am or pm'],
    ['book a meeting with bob@example.com today at 8', 'a time that has not passed yet'],
    ['book a meeting with bob@example.com tomorrow at 25:00', 'a real time of day'],
    ['book a meeting with bob@example.com tomorrow from 11 to 10', 'an end time after'],
    ["what's bob's free/busy", 'whose free/busy'],
    ["don't book a meeting with bob@example.com tomorrow at 10", 'what not to do'],
  ])('"%s" needs %s', (query, missing) => {
    // Act
    const plan = planFromWords(query, CATALOG, LONDON);

    // Assess
    expect(plan).toEqual({ notUnderstood: expect.stringContaining(missing) });
  });

  it('says so when no calendar server is configured', () => {
    // Act
    const plan = planFromWords(
      'book a meeting with bob@example.com tomorrow at 10',
      ['google_admin__get_user'],
      LONDON,
    );

    // Assess
    expect(plan).toEqual({
      notUnderstood: expect.stringMatching(
        /book a meeting.*no configured MCP server offers create_event/,
      ),
    });
  });

  it.each([
    ['get bob@example.com', 'google_admin__get_user'],
    ['reset 2FA for bob@example.com', 'google_admin__reset_2fa'],
    ['suspend bob@example.com, he is busy elsewhere now', 'google_admin__suspend_user'],
    ['create a Jira project called Sync with key SYNC', 'jira__create_project'],
    ['list Jira issues about the launch event in OPS', 'jira__list_issues'],
  ])('leaves "%s" to its own rule, though it says sync, event or busy', (query, tool) => {
    // Act
    const plan = planned(query);

    // Assess
    expect(plan.calls[0]?.tool).toBe(tool);
  });
});
