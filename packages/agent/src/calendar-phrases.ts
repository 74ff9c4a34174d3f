import type { ApprovalCategory } from '@agentcore/core';

/** A calendar request understood as one exact call, in the phrase planner's terms. */
export interface CalendarMatch {
  readonly understood: string;
  readonly tool: { readonly server: string; readonly name: string };
  readonly arguments: Record<string, unknown>;
  readonly summary: string;
  readonly category: ApprovalCategory;
  readonly resource?: string;
}

/** What a calendar phrasing lacks that only the requester can say. */
export interface CalendarMissing {
  readonly missing: string;
}

/** Today and the zone that "tomorrow at 10" are read in. */
export interface CalendarClock {
  readonly now: Date;
  /** IANA time zone; UTC when absent or unknown. */
  readonly timeZone: string;
}

const calendar = (name: string) => ({ server: 'google_calendar', name });
const EMAILS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const words = (...stems: string[]) => new RegExp(`\\b(?:${stems.join('|')})\\b`, 'i');

// Common misspellings are listed on purpose: people type fast in chat.
const MEETING = words(
  'me+t+ings?',
  'calls?',
  'syncs?',
  'catch[- ]?ups?',
  '1:1s?',
  '1-on-1s?',
  'one[- ]on[- ]ones?',
  'appointments?',
  'stand-?ups?',
  'interviews?',
  'events?',
);
const BOOK = words(
  'book(?:s|ed|ing)?',
  'bok',
  'sc?h?edul(?:e|es|ed|ing)?',
  'sc?h?edu?le?',
  'arrang(?:e|es|ed|ing)',
  'organi[sz](?:e|es|ed|ing)',
  'set ?up',
  'put',
  'create',
  'make',
  'invite',
  'plan',
);
const FREEBUSY =
  /\b(?:free\s*\/\s*busy|free[- ]?busy|ava[il]{1,3}ab(?:le|ility)|busy)\b|\bis\s+\S+\s+free\b|\bfree\s+(?:on|at|today|tomorrow|this|next)\b/i;
const CALENDARS = words('calend[ae]rs');
// Requests about other things that may still say "sync", "event" or "busy" ("create a Jira
// project called Sync", "suspend bob@…, he is busy"): never a calendar request.
const OTHER_SUBJECTS = words(
  'jira',
  'projects?',
  'issues?',
  'tickets?',
  'gifs?',
  'totp',
  'aws',
  'iam',
  '2fa',
  'mfa',
  '2sv',
  'suspend(?:s|ed|ing)?',
  'unsuspend(?:s|ed|ing)?',
  'reset(?:s|ting)?',
);
const MEET_LINK = words('google meet', 'meet link', 'video(?: call| link)?', 'hangouts?');

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;

interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function zoneOrUtc(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

function localDate(instant: number, timeZone: string): LocalDate {
  const shifted = new Date(instant + offsetMinutes(instant, timeZone) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The instant a wall-clock time in the zone stands for (the later one across a DST change). */
function instantOf(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  return wall - offsetMinutes(first, timeZone) * 60_000;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** ISO 8601 with the zone's offset, e.g. 2026-12-01T10:00:00+01:00. */
function zonedIso(instant: number, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const local = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The day a text names: today, tomorrow, a weekday (the next one), or a date. */
function dayIn(text: string, today: LocalDate): LocalDate | undefined {
  if (/\b(?:today|tonight|this (?:morning|afternoon|evening))\b/i.test(text)) return today;
  if (/\b(?:tomm?orr?ow|tmrw?|tmr)\b/i.test(text)) return addDays(today, 1);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const month = `(${MONTHS.join('|')})[a-z]*\\.?`;
  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${month}`, 'i').exec(
    text,
  );
  const monthDay = new RegExp(`\\b${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'i').exec(text);
  const named = dayMonth
    ? { day: Number(dayMonth[1]), month: dayMonth[2] }
    : monthDay
      ? { day: Number(monthDay[2]), month: monthDay[1] }
      : undefined;
  if (named?.month) {
    const index = MONTHS.indexOf(named.month.slice(0, 3).toLowerCase() as (typeof MONTHS)[number]);
    const thisYear = { year: today.year, month: index + 1, day: named.day };
    const passed = index + 1 < today.month || (index + 1 === today.month && named.day < today.day);
    return passed ? { ...thisYear, year: today.year + 1 } : thisYear;
  }
  const weekday = new RegExp(`\\b(${WEEKDAYS.join('|')})\\b`, 'i').exec(text)?.[1];
  if (weekday) {
    const todayIndex = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
    const ahead = (WEEKDAYS.indexOf(weekday.toLowerCase()) - todayIndex + 7) % 7 || 7;
    return addDays(today, ahead);
  }
  return undefined;
}

const CLOCK = String.raw`(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?`;

/** Minutes after midnight of "10", "10:30", "3pm", "15:00"; a string says what is unclear. */
function minutesOf(hourText: string, minuteText?: string, meridiem?: string): number | string {
  let hour = Number(hourText);
  const minute = Number(minuteText ?? '0');
  if (minute > 59 || hour > 23) return `a real time of day (not ${hourText}:${pad(minute)})`;
  const half = meridiem?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return `a real time of day (not ${hourText}${half})`;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  } else if (hour >= 1 && hour <= 7 && minuteText === undefined) {
    // "at 3" is as likely 15:00 as 03:00: ask rather than guess.
    return `whether ${hourText} is am or pm`;
  }
  return hour * 60 + minute;
}

interface SlotWords {
  readonly startMinutes: number;
  readonly durationMinutes: number;
  /** False when the text gave no length and the default was taken. */
  readonly durationSaid: boolean;
}

/** The start time and length a text names ("at 10 for 45 minutes", "10:30-11", "3pm to 4pm"). */
function slotIn(text: string): SlotWords | string | undefined {
  const times = text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ');
  if (/\bnoon\b/i.test(times)) return { startMinutes: 12 * 60, ...durationIn(times) };
  const range = new RegExp(
    `\\b(?:from\\s+)?${CLOCK}\\s*(?:-|–|to|until|till)\\s*${CLOCK}`,
    'i',
  ).exec(times);
  if (range?.[1] && range[4]) {
    const start = minutesOf(range[1], range[2], range[3] ?? range[6]);
    const end = minutesOf(range[4], range[5], range[6]);
    if (typeof start === 'string') return start;
    if (typeof end === 'string') return end;
    if (end <= start) return 'an end time after the start time';
    return { startMinutes: start, durationMinutes: end - start, durationSaid: true };
  }
  const time =
    new RegExp(`\\b(?:at|@)\\s*${CLOCK}`, 'i').exec(times) ??
    /\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)/i.exec(times);
  if (!time?.[1]) return undefined;
  const start = minutesOf(time[1], time[2], time[3]);
  if (typeof start === 'string') return start;
  return { startMinutes: start, ...durationIn(times) };
}

function durationIn(text: string): { durationMinutes: number; durationSaid: boolean } {
  if (/\bfor\s+(?:half an|a half|30 ?m(?:in(?:ute)?s?)?)\b/i.test(text)) {
    return { durationMinutes: 30, durationSaid: true };
  }
  if (/\bfor\s+an?\s+hour\b/i.test(text)) return { durationMinutes: 60, durationSaid: true };
  const hours = /\bfor\s+(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b/i.exec(text);
  if (hours?.[1]) return { durationMinutes: Math.round(Number(hours[1]) * 60), durationSaid: true };
  const minutes = /\bfor\s+(\d{1,3})\s*(?:m|mins?|minutes?|minuets?|mintues?)\b/i.exec(text);
  if (minutes?.[1]) return { durationMinutes: Number(minutes[1]), durationSaid: true };
  return { durationMinutes: 30, durationSaid: false };
}

/** The meeting's title: quoted, or after about/called/titled/named, else who it is with. */
function titleIn(text: string, attendees: readonly string[]): string {
  const quoted = /["“]([^"”]{1,200})["”]/.exec(text)?.[1];
  if (quoted) return quoted.trim();
  const named =
    /\b(?:about|called|titled|named|re:?|for)\s+(?:the\s+)?([A-Za-z][\w' -]{1,80}?)(?=\s+(?:with|on|at|tomorrow|today|tmrw|next|from|for|this)\b|[.,!?]|$)/i.exec(
      text.replace(EMAILS, ' '),
    )?.[1];
  if (named && !/^\d/.test(named) && !/\b(?:minutes?|mins?|hours?|an?)\b/i.test(named)) {
    return named.trim().replace(/^./, (first) => first.toUpperCase());
  }
  return `Meeting with ${attendees.join(', ')}`;
}

/** Whether the text is a calendar request at all (several attendees are then allowed). */
export function isCalendarPhrasing(text: string): boolean {
  const plain = text.replace(EMAILS, ' x ');
  if (OTHER_SUBJECTS.test(plain)) return false;
  return (MEETING.test(plain) && BOOK.test(plain)) || FREEBUSY.test(plain);
}

/**
 * Calendar requests in plain words: book a meeting (attendees by email, a day, a time, a
 * duration, 30 minutes unless said; a Meet link when asked), someone's free/busy on a day, and
 * the requester's calendars. Days and times are read in `clock.timeZone`. What it must not guess
 * (who, which day, what time, am or pm) it asks for.
 */
export function calendarPhrase(
  text: string,
  clock: CalendarClock,
): CalendarMatch | CalendarMissing | undefined {
  const timeZone = zoneOrUtc(clock.timeZone);
  const attendees = [...new Set((text.match(EMAILS) ?? []).map((email) => email.toLowerCase()))];
  const plain = text.replace(EMAILS, ' x ');
  const today = localDate(clock.now.getTime(), timeZone);
  if (OTHER_SUBJECTS.test(plain)) return undefined;
  const booking = MEETING.test(plain) && BOOK.test(plain);
  if (booking) {
    if (attendees.length === 0) return { missing: 'who to meet (their email address)' };
    const day = dayIn(plain, today);
    if (day === undefined) return { missing: 'which day (e.g. tomorrow, Friday or 2026-12-03)' };
    const slot = slotIn(plain);
    if (slot === undefined) return { missing: 'what time (e.g. at 10:00 or at 3pm)' };
    if (typeof slot === 'string') return { missing: slot };
    const start = instantOf(day, slot.startMinutes, timeZone);
    if (start <= clock.now.getTime()) return { missing: 'a time that has not passed yet' };
    const end = start + slot.durationMinutes * 60_000;
    const meet = MEET_LINK.test(plain);
    const title = titleIn(text, attendees);
    const startIso = zonedIso(start, timeZone);
    return {
      understood: 'book a meeting',
      tool: calendar('create_event'),
      arguments: {
        summary: title,
        start: startIso,
        end: zonedIso(end, timeZone),
        attendees: attendees.map((email) => ({ email })),
        ...(meet ? { add_meet_link: true } : {}),
      },
      summary: `Book "${title}" with ${attendees.join(', ')} on ${startIso.slice(0, 10)} at ${startIso.slice(11, 16)} (${timeZone}) for ${slot.durationMinutes} minutes${slot.durationSaid ? '' : ' (the default length)'}${meet ? ', with a Google Meet link' : ''}`,
      category: 'other',
      resource: attendees.join(','),
    };
  }
  if (FREEBUSY.test(plain)) {
    const mine = /\b(?:my|me|i)\b/i.test(plain);
    const ids = attendees.length > 0 ? attendees : mine ? ['primary'] : [];
    if (ids.length === 0) return { missing: 'whose free/busy to look at (their email address)' };
    const day = dayIn(plain, today) ?? today;
    const from = instantOf(day, 0, timeZone);
    const to = instantOf(addDays(day, 1), 0, timeZone);
    const date = zonedIso(from, timeZone).slice(0, 10);
    return {
      understood: 'free/busy',
      tool: calendar('freebusy'),
      arguments: {
        calendar_ids: ids,
        time_min: zonedIso(from, timeZone),
        time_max: zonedIso(to, timeZone),
        timezone: timeZone,
      },
      summary: `Show when ${ids.join(', ')} ${ids.length > 1 ? 'are' : 'is'} busy on ${date} (${timeZone})`,
      category: 'other',
      resource: ids.join(','),
    };
  }
  if (
    CALENDARS.test(plain) &&
    attendees.length === 0 &&
    /\b(?:my|list|show|which)\b/i.test(plain)
  ) {
    return {
      understood: 'list calendars',
      tool: calendar('list_calendars'),
      arguments: {},
      summary: 'List your calendars',
      category: 'other',
    };
  }
  return undefined;
}
