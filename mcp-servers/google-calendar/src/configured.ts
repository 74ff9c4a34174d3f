// The registry of built-in servers reads this at a function's start, where the rest of the server
// must not be loaded: it imports nothing heavy (only the key-source rule, which imports nothing).
import { hasServiceAccountKeySource } from '@agentcore/google-workspace/configured';

/**
 * Whether the environment gives the Calendar server a service-account key source. It needs no
 * subject: every call impersonates the person who asked.
 */
export function isGoogleCalendarConfigured(
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return hasServiceAccountKeySource(env);
}
