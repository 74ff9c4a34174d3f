import {
  type GoogleConnectionConfig,
  OptionalText,
  parseGoogleEnv,
} from '@agentcore/google-workspace';
import * as z from 'zod';

export const DEFAULT_CALENDAR_ROOT_URL = 'https://www.googleapis.com/';

const EnvSchema = z.object({
  GOOGLE_CALENDAR_ROOT_URL: z.url().default(DEFAULT_CALENDAR_ROOT_URL),
  GOOGLE_CALENDAR_ALLOWED_DOMAINS: OptionalText,
});

/** The Google Calendar server's settings, read once from the environment at start. */
export interface GoogleCalendarConfig extends GoogleConnectionConfig {
  readonly rootUrl: string;
  /** Domains attendees may belong to, lower-cased; empty means any domain. */
  readonly allowedDomains: readonly string[];
}

/** Reads `GOOGLE_CALENDAR_ALLOWED_DOMAINS`: a comma list, trimmed and lower-cased. */
export function parseAllowedDomains(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ''))
    .filter((domain) => domain !== '');
}

/**
 * Parses the environment; throws (fail fast at start) when it is inconsistent. Error messages
 * name variables, never their values, so the key cannot leak through them.
 */
export function parseGoogleCalendarConfig(
  env: Readonly<Record<string, string | undefined>>,
): GoogleCalendarConfig {
  const { connection, values } = parseGoogleEnv('Google Calendar', EnvSchema, env);
  return {
    ...connection,
    rootUrl: values.GOOGLE_CALENDAR_ROOT_URL,
    allowedDomains: parseAllowedDomains(values.GOOGLE_CALENDAR_ALLOWED_DOMAINS),
  };
}
