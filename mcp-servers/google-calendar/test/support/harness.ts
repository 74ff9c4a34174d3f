import {
  type GoogleServerHarness,
  startGoogleServerHarness,
  useStarted,
} from '@agentcore/google-workspace/testing';
import { composeGoogleCalendarServer } from '../../src/index.js';

export const ALICE = 'alice@example.com';

/** A Google Calendar server on the Google stand-in; calls are made for Alice unless told otherwise. */
export type CalendarHarness = GoogleServerHarness;

export function startHarness(): Promise<CalendarHarness> {
  return startGoogleServerHarness({
    clientName: 'google-calendar-test',
    compose: composeGoogleCalendarServer,
    env: (google) => ({
      GOOGLE_CALENDAR_ROOT_URL: google.rootUrl,
      GOOGLE_CALENDAR_ALLOWED_DOMAINS: 'example.com, Partner.org',
    }),
    requester: ALICE,
  });
}

/** The harness of one describe block: started before, reset after each test, closed after. */
export function useHarness(): CalendarHarness {
  return useStarted(startHarness);
}
